//! The simulation clock: simulated time as a function of wall time.
//!
//! It starts at the wall time the page opened, so timestamps in responses look like today's, and
//! then runs with the wall clock. Skipping to a transition moves it forward; it never runs
//! backwards.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimClock {
    /// Wall time (ms) at which simulated time was `sim_anchor_ms`.
    wall_anchor_ms: f64,
    sim_anchor_ms: i64,
}

impl SimClock {
    pub fn starting_at(wall_ms: f64) -> Self {
        Self { wall_anchor_ms: wall_ms, sim_anchor_ms: wall_ms as i64 }
    }

    /// Simulated epoch milliseconds at wall time `wall_ms`. A wall clock that steps back (a system
    /// clock change) holds simulated time still rather than reversing it.
    pub fn now(&self, wall_ms: f64) -> i64 {
        self.sim_anchor_ms + (wall_ms - self.wall_anchor_ms).max(0.0) as i64
    }

    /// Jumps forward to `sim_ms`; earlier targets are ignored.
    pub fn jump_to(&mut self, sim_ms: i64, wall_ms: f64) {
        let now = self.now(wall_ms);
        self.sim_anchor_ms = now.max(sim_ms);
        self.wall_anchor_ms = wall_ms;
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
}
