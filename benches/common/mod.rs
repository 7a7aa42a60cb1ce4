//! What the benchmarks share: a counting allocator for memory figures, and how figures print.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Counts the bytes currently allocated, and the most ever allocated at once, while `COUNTING`.
pub struct Counting;

pub static COUNTING: AtomicBool = AtomicBool::new(true);
pub static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
pub static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = ALLOCATED.fetch_add(bytes, Ordering::Relaxed) + bytes;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(bytes: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCATED.fetch_sub(bytes, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        new
    }
}

/// A value of /proc/self/status in bytes (`VmRSS`, `VmHWM`), where there is one.
pub fn proc_status_bytes(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(key))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

pub fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index]
}

pub fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// 1234567.8 as "1,234,568": the playground's own grouping, of the rounded value.
pub fn thousands(value: f64) -> String {
    kinesis_playground::playground::traffic_form::thousands(value.round().max(0.0) as u64)
}

pub fn mb(bytes: f64) -> String {
    format!("{:.1} MB ({:.1} MiB)", bytes / 1e6, bytes / (1024.0 * 1024.0))
}

pub fn verdict(met: bool) -> String {
    if met { "yes" } else { "NO" }.to_owned()
}

/// Prints rows of measure, figure, target and verdict as a Markdown table.
pub fn print_table(rows: &[[String; 4]]) {
    let mut widths = [0; 4];
    for row in rows.iter().chain(std::iter::once(&["measure", "figure", "target", "met"].map(String::from))) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 4]| {
        let padded: Vec<String> = cells.iter().zip(widths).map(|(cell, width)| format!("{cell:<width$}")).collect();
        println!("| {} |", padded.join(" | "));
    };
    line(["measure", "figure", "target", "met"]);
    let rules = widths.map(|width| "-".repeat(width));
    line([&rules[0], &rules[1], &rules[2], &rules[3]]);
    for [measure, figure, target, met] in rows {
        line([measure, figure, target, met]);
    }
}
