//! The app state as yew sees it: the playground behind a reducer.

use std::cell::RefCell;
use std::rc::Rc;

use yew::Reducible;

use crate::playground::Playground;
use crate::sim::{Config, Operation};

/// What the user (or the ticking clock) can do. Wall time is read by whoever dispatches.
pub enum Action {
    Tick { wall_ms: f64 },
    Send { operation: Operation, body: String, wall_ms: f64 },
    SkipToNextTransition { wall_ms: f64 },
}

/// The playground is changed in place: cloning the whole account on every clock tick would cost
/// more than it buys. Each action still yields a new `AppState` (yew re-renders only when the
/// state's address changes), and views read snapshots that compare cheaply.
pub struct AppState {
    pub playground: Rc<RefCell<Playground>>,
}

impl AppState {
    pub fn new(wall_ms: f64) -> Self {
        Self { playground: Rc::new(RefCell::new(Playground::new(Config::default(), wall_ms))) }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        {
            let mut playground = self.playground.borrow_mut();
            match action {
                Action::Tick { wall_ms } => playground.tick(wall_ms),
                Action::Send { operation, body, wall_ms } => {
                    playground.send(operation, body, wall_ms);
                }
                Action::SkipToNextTransition { wall_ms } => playground.skip_to_next_transition(wall_ms),
            }
        }
        Rc::new(Self { playground: Rc::clone(&self.playground) })
    }
}
