//! The simulation clock: simulated time as a function of wall time.
//!
//! It starts at the wall time the page opened, so timestamps in responses look like today's, and
//! then runs at 1x, 10x or 60x the wall clock, or stands still while paused. Skipping to a
//! transition moves it forward; it never runs backwards.

/// The speeds a learner can pick.
pub const SPEEDS: [u32; 3] = [1, 10, 60];

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimClock {
    /// Wall time (ms) at which simulated time was `sim_anchor_ms`.
    wall_anchor_ms: f64,
    sim_anchor_ms: i64,
    speed: u32,
    paused: bool,
}

impl SimClock {
    pub fn starting_at(wall_ms: f64) -> Self {
        Self::resuming(wall_ms as i64, wall_ms, 1, false)
    }

    /// A clock showing `sim_ms` at wall time `wall_ms`, as a saved session left it.
    pub fn resuming(sim_ms: i64, wall_ms: f64, speed: u32, paused: bool) -> Self {
        let speed = if SPEEDS.contains(&speed) { speed } else { 1 };
        Self { wall_anchor_ms: wall_ms, sim_anchor_ms: sim_ms, speed, paused }
    }

    /// Simulated epoch milliseconds at wall time `wall_ms`. A wall clock that steps back (a system
    /// clock change) holds simulated time still rather than reversing it.
    pub fn now(&self, wall_ms: f64) -> i64 {
        if self.paused {
            return self.sim_anchor_ms;
        }
        let elapsed = (wall_ms - self.wall_anchor_ms).max(0.0) * f64::from(self.speed);
        self.sim_anchor_ms.saturating_add(elapsed as i64)
    }

    pub fn speed(&self) -> u32 {
        self.speed
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// Starts counting from here, so a change of speed or pause applies from now on only.
    fn re_anchor(&mut self, wall_ms: f64) {
        self.sim_anchor_ms = self.now(wall_ms);
        self.wall_anchor_ms = wall_ms;
    }

    pub fn set_speed(&mut self, speed: u32, wall_ms: f64) {
        if SPEEDS.contains(&speed) {
            self.re_anchor(wall_ms);
            self.speed = speed;
        }
    }

    pub fn set_paused(&mut self, paused: bool, wall_ms: f64) {
        self.re_anchor(wall_ms);
        self.paused = paused;
    }

    /// Jumps forward to `sim_ms`; earlier targets are ignored. A paused clock stays paused.
    pub fn jump_to(&mut self, sim_ms: i64, wall_ms: f64) {
        self.re_anchor(wall_ms);
        self.sim_anchor_ms = self.sim_anchor_ms.max(sim_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_with_the_wall_clock_and_jumps_only_forward() {
        let mut clock = SimClock::starting_at(1_000.0);
        assert_eq!(clock.now(1_000.0), 1_000);
        assert_eq!(clock.now(1_250.5), 1_250);
        clock.jump_to(60_000, 1_500.0);
        assert_eq!(clock.now(1_500.0), 60_000);
        assert_eq!(clock.now(1_600.0), 60_100);
        clock.jump_to(10, 1_700.0);
        assert_eq!(clock.now(1_700.0), 60_200);
        assert_eq!(clock.now(1_000.0), 60_200, "a wall clock stepping back holds time still");
    }

    #[test]
    fn speed_applies_from_the_change_on() {
        let mut clock = SimClock::starting_at(0.0);
        assert_eq!(clock.now(1_000.0), 1_000);
        clock.set_speed(60, 1_000.0);
        assert_eq!(clock.now(2_000.0), 61_000);
        clock.set_speed(7, 2_000.0);
        assert_eq!(clock.speed(), 60, "only the offered speeds");
    }

    #[test]
    fn a_paused_clock_freezes_until_resumed_or_skipped() {
        let mut clock = SimClock::starting_at(0.0);
        clock.set_paused(true, 1_000.0);
        assert_eq!((clock.now(1_000.0), clock.now(50_000.0)), (1_000, 1_000));
        clock.jump_to(30_000, 50_000.0);
        assert_eq!(clock.now(90_000.0), 30_000, "skipping moves a paused clock and leaves it paused");
        clock.set_paused(false, 90_000.0);
        assert_eq!(clock.now(91_000.0), 31_000);
    }
}
