//! The service worker (`sw.js`, from `static/sw.js`): the page registers it so that, after one
//! visit, the app, the sample and training work offline. A new version installs in the
//! background and is offered, not forced: the page learns it is waiting and activates it only
//! when the user asks ([`activate_update`]), then reloads.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{MessageChannel, MessageEvent, RegistrationOptions, ServiceWorker, ServiceWorkerRegistration};

/// The service worker's script, next to the page: its folder is its scope, whatever the path.
const SCRIPT: &str = "./sw.js";
/// How often an open page asks the server whether a new version exists.
const UPDATE_CHECK: Duration = Duration::from_secs(60 * 60);
/// How long a waiting service worker may take to say its version.
const VERSION_REPLY_MS: i32 = 5_000;

thread_local! {
    static REGISTRATION: RefCell<Option<ServiceWorkerRegistration>> = const { RefCell::new(None) };
    static RELOAD_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Registers the service worker, if the browser has them and the build wrote its version into the
/// page, and calls `on_update` whenever a newer version is installed and waiting.
pub fn register(on_update: impl Fn() + 'static) {
    let Some(version) = crate::web::build_info::version() else { return };
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    if !window.is_secure_context()
        || !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false)
    {
        return;
    }
    let on_update: Rc<dyn Fn()> = Rc::new(on_update);
    let begin = move || {
        spawn_local(async move {
            if let Err(error) = start(version, on_update).await {
                web_sys::console::warn_2(
                    &"Crime Lab will not work offline: the service worker failed:".into(),
                    &error,
                );
            }
        });
    };
    // After the page's own files, so that on a first visit its caching waits for them.
    match window.document() {
        Some(document) if document.ready_state() != "complete" => {
            let on_load = Closure::once_into_js(begin);
            let _ = window.add_event_listener_with_callback("load", on_load.unchecked_ref());
        }
        _ => begin(),
    }
}

/// Lets the waiting version take over, then reloads the page (or just reloads if none waits).
pub fn activate_update() {
    RELOAD_ASKED.set(true);
    let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(ServiceWorkerRegistration::waiting));
    match waiting {
        Some(worker) => {
            let _ = worker.post_message(&"skip-waiting".into());
        }
        None => reload(),
    }
}

fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

async fn start(version: String, on_update: Rc<dyn Fn()>) -> Result<(), JsValue> {
    let container = web_sys::window().ok_or("no window")?.navigator().service_worker();
    let options = RegistrationOptions::new();
    options.set_scope("./");
    let registration: ServiceWorkerRegistration =
        JsFuture::from(container.register_with_options(SCRIPT, &options)).await?.dyn_into()?;
    REGISTRATION.with(|r| *r.borrow_mut() = Some(registration.clone()));

    // The new version takes over only at this page's request: then it reloads.
    let on_controller_change = Closure::<dyn FnMut()>::new(|| {
        if RELOAD_ASKED.get() {
            reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    // A version installing now or later (found by the browser's own checks or ours below).
    if registration.installing().is_some() {
        watch_install(&registration, &version, &on_update);
    }
    let found = registration.clone();
    let (found_version, found_update) = (version.clone(), on_update.clone());
    let on_update_found =
        Closure::<dyn FnMut()>::new(move || watch_install(&found, &found_version, &found_update));
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();

    let checked = registration.clone();
    leptos::prelude::set_interval(
        move || {
            let _ = checked.update();
        },
        UPDATE_CHECK,
    );

    // A version that was already waiting when this page opened.
    offer_if_waiting(registration, version, on_update).await;
    Ok(())
}

/// Once the installing version has installed (it then waits), offers it.
fn watch_install(registration: &ServiceWorkerRegistration, version: &str, on_update: &Rc<dyn Fn()>) {
    let Some(installing) = registration.installing() else { return };
    let (registration, version, on_update) = (registration.clone(), version.to_owned(), on_update.clone());
    let on_state_change = Closure::<dyn FnMut()>::new(move || {
        spawn_local(offer_if_waiting(registration.clone(), version.clone(), on_update.clone()));
    });
    installing.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
    on_state_change.forget();
}

/// If a version waits behind the active one: when it is this page's own version (the page came
/// from the network), it takes over quietly; otherwise it is offered.
async fn offer_if_waiting(
    registration: ServiceWorkerRegistration,
    page_version: String,
    on_update: Rc<dyn Fn()>,
) {
    let (Some(waiting), Some(_active)) = (registration.waiting(), registration.active()) else { return };
    match ask_version(&waiting).await {
        Some(version) if version == page_version => {
            let _ = waiting.post_message(&"skip-waiting".into());
        }
        _ => on_update(),
    }
}

/// The version a service worker says it has (`None` if it does not answer in time).
async fn ask_version(worker: &ServiceWorker) -> Option<String> {
    let channel = MessageChannel::new().ok()?;
    let port = channel.port1();
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let on_reply = resolve.clone();
        let on_message = Closure::once_into_js(move |event: MessageEvent| {
            let _ = on_reply.call1(&JsValue::NULL, &event.data());
        });
        port.set_onmessage(Some(on_message.unchecked_ref()));
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, VERSION_REPLY_MS);
        }
    });
    worker.post_message_with_transferable(&"version".into(), &js_sys::Array::of1(&channel.port2())).ok()?;
    let reply = JsFuture::from(promise).await.ok()?.as_string();
    port.close();
    reply
}
