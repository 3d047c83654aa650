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

/// Table rows, one `<tr>` of `<td>` cells per row (every cell escaped): a whole table body as
/// one string, which a page sets in one call instead of building each cell.
pub fn rows<R, C>(rows: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut out = String::new();
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str("<td>");
            out.push_str(&escape(cell.as_ref()));
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out
}

/// `<option>`s of a list, each a value and its label (both escaped).
pub fn options<V: AsRef<str>, L: AsRef<str>>(options: impl IntoIterator<Item = (V, L)>) -> String {
    options
        .into_iter()
        .map(|(value, label)| {
            format!("<option value=\"{}\">{}</option>", escape(value.as_ref()), escape(label.as_ref()))
        })
        .collect()
}

/// A bulleted list of messages with a class (`warnings`, `notes`); empty when none.
pub fn list(class: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let li: String = items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect();
    format!("<ul class=\"{class}\">{li}</ul>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_escape_every_cell() {
        let html = rows([vec!["<script>alert(1)</script>", "a & b"], vec!["\"q\"", "it's"]]);
        assert_eq!(
            html,
            "<tr><td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td>a &amp; b</td></tr>\
             <tr><td>&quot;q&quot;</td><td>it&#39;s</td></tr>"
        );
        assert_eq!(rows(Vec::<Vec<String>>::new()), "");
    }

    #[test]
    fn options_escape_values_and_labels() {
        let html = options([("x\" onclick=\"y", "<b>")]);
        assert_eq!(html, "<option value=\"x&quot; onclick=&quot;y\">&lt;b&gt;</option>");
    }
}
