//! What the build's last step (`scripts/post-build.mjs`) wrote into the page: the build's
//! version and the content-hashed name of the worker loader.

/// The `content` of the page's `<meta name="{name}">`, if it has one.
fn meta(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector(&format!("meta[name=\"{name}\"]")).ok()??.get_attribute("content")
}

/// The build's version (a hash of all its files), as its service worker knows it too.
pub fn version() -> Option<String> {
    meta("crimelab-version")
}

/// The script that starts a worker (`./worker_loader-<hash>.js`).
pub fn worker_script() -> Option<String> {
    meta("crimelab-worker")
}
