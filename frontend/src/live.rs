//! Live updates: one `EventSource` on `/api/v1/events` for the logged-in session, and a
//! small registry of handlers that components add for as long as they live.
//!
//! The browser reconnects an `EventSource` by itself after a network break. It gives up
//! only when the server answers with an HTTP error; then this module checks the session
//! (a 401 logs the app out) and opens a new stream a few seconds later.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use earshot_api::Event;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api;

const EVENTS_URL: &str = "/api/v1/events";
const EVENT_NAMES: [&str; 4] = ["message", "conversation", "presence", "notification"];
const RETRY_AFTER: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStatus {
    /// No stream (the role cannot see conversations).
    Off,
    Connecting,
    Live,
    Reconnecting,
}

#[derive(Clone, Copy)]
pub struct Live {
    pub status: RwSignal<LiveStatus>,
    /// Bumped each time the stream comes back after a break: events may have been missed
    /// meanwhile, so views that show live data reload.
    pub resyncs: RwSignal<u32>,
}

type Handler = Rc<dyn Fn(&Event)>;

thread_local! {
    static HANDLERS: RefCell<Vec<(u64, Handler)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(0) };
}

/// Calls `handler` with every live event until the current component is cleaned up.
pub fn subscribe(handler: impl Fn(&Event) + 'static) {
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    HANDLERS.with(|h| h.borrow_mut().push((id, Rc::new(handler))));
    on_cleanup(move || HANDLERS.with(|h| h.borrow_mut().retain(|(i, _)| *i != id)));
}

fn dispatch(event: &Event) {
    // Cloned out first: a handler may itself add or remove handlers.
    let handlers: Vec<Handler> =
        HANDLERS.with(|h| h.borrow().iter().map(|(_, f)| f.clone()).collect());
    for handler in handlers {
        handler(event);
    }
}

pub fn use_live() -> Option<Live> {
    use_context::<Live>()
}

struct Connection {
    source: web_sys::EventSource,
    _listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        // Closed before the listeners are dropped, so none of them can be called any more.
        self.source.close();
    }
}

type Slot = Rc<RefCell<Option<Connection>>>;

impl Live {
    pub fn provide() -> Live {
        let live = Live {
            status: RwSignal::new(LiveStatus::Off),
            resyncs: RwSignal::new(0),
        };
        provide_context(live);
        live
    }

    /// Opens the stream for as long as the current component lives.
    pub fn connect(self) {
        let slot: Slot = Rc::new(RefCell::new(None));
        let stopped = Rc::new(Cell::new(false));
        self.status.set(LiveStatus::Connecting);
        open(self, slot.clone(), stopped.clone());
        let guard = SendWrapper::new((slot, stopped));
        on_cleanup(move || {
            let (slot, stopped) = &*guard;
            stopped.set(true);
            let connection = slot.borrow_mut().take();
            drop(connection);
        });
    }
}

fn listener(f: impl FnMut(web_sys::Event) + 'static) -> Closure<dyn FnMut(web_sys::Event)> {
    Closure::new(f)
}

fn open(live: Live, slot: Slot, stopped: Rc<Cell<bool>>) {
    if stopped.get() {
        return;
    }
    let Ok(source) = web_sys::EventSource::new(EVENTS_URL) else {
        live.status.set(LiveStatus::Reconnecting);
        retry_later(live, slot, stopped);
        return;
    };
    let mut listeners = Vec::new();

    listeners.push(listener(move |_| {
        if live.status.try_get_untracked() == Some(LiveStatus::Reconnecting) {
            live.resyncs.update(|n| *n += 1);
        }
        live.status.set(LiveStatus::Live);
    }));
    let _ = source.add_event_listener_with_callback("open", listeners[0].as_ref().unchecked_ref());

    for name in EVENT_NAMES {
        let on_event = listener(|ev: web_sys::Event| {
            let Some(data) = ev
                .dyn_ref::<web_sys::MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            if let Ok(event) = serde_json::from_str::<Event>(&data) {
                dispatch(&event);
            }
        });
        let _ = source.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
        listeners.push(on_event);
    }

    // The server fell behind and dropped events for this stream: views reload.
    let on_resync = listener(move |_| live.resyncs.update(|n| *n += 1));
    let _ = source.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
    listeners.push(on_resync);

    let watched = source.clone();
    let (retry_slot, retry_stopped) = (slot.clone(), stopped.clone());
    let on_error = listener(move |_| {
        live.status.set(LiveStatus::Reconnecting);
        if watched.ready_state() == web_sys::EventSource::CLOSED {
            retry_later(live, retry_slot.clone(), retry_stopped.clone());
        }
    });
    let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    listeners.push(on_error);

    *slot.borrow_mut() = Some(Connection {
        source,
        _listeners: listeners,
    });
}

fn retry_later(live: Live, slot: Slot, stopped: Rc<Cell<bool>>) {
    set_timeout(
        move || {
            if stopped.get() {
                return;
            }
            // The server refused the stream: if the session is gone, this logs the app out
            // (and the cleanup above stops the retries).
            spawn_local(api::check_session());
            let old = slot.borrow_mut().take();
            drop(old);
            open(live, slot, stopped);
        },
        RETRY_AFTER,
    );
}
