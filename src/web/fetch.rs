//! Fetching the app's own static files (the sample, the division outlines).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

/// Fetches `url` and returns the response if its status is OK.
pub async fn fetch_ok(url: &str) -> Result<Response, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("HTTP {} for {url}", response.status()));
    }
    Ok(response)
}

/// Awaits a promise-returning body reader (`text()`, `blob()`) of a response.
pub async fn body(
    promise: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Result<wasm_bindgen::JsValue, String> {
    JsFuture::from(promise.map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))
}
