// CSV reading for the end-to-end tests: the sample they compare the page with, and the files the
// page lets people download.

/**
 * Parses CSV text (RFC 4180: quoted fields with "" escapes, commas and line breaks inside quotes;
 * CR outside quotes ignored) into `{ header, rows }`, each row an array of strings.
 */
export function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return { header: rows[0], rows: rows.slice(1) };
}
