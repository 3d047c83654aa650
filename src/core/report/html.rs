//! Small HTML helpers: escaping and the recurring figure and table shapes.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A headline figure: big value, small label; `testid` and `data_value` when machine-readable.
pub fn figure(value: &str, label: &str, testid: Option<(&str, String)>) -> String {
    let attrs = testid
        .map(|(id, v)| format!(" data-testid=\"{}\" data-value=\"{}\"", escape(id), escape(&v)))
        .unwrap_or_default();
    format!(
        "<div class=\"figure\"><div class=\"value\"{attrs}>{}</div><div class=\"label\">{}</div></div>",
        escape(value),
        escape(label)
    )
}

/// A two-column table of facts (names and values are escaped).
pub fn facts(rows: &[(&str, String)]) -> String {
    let body: String =
        rows.iter().map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v))).collect();
    format!("<table class=\"facts\"><tbody>{body}</tbody></table>")
}

/// A bulleted list of messages with a class (`warnings`, `notes`); empty when none.
pub fn list(class: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let li: String = items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
    format!("<ul class=\"{class}\">{li}</ul>")
}
