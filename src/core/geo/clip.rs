//! Clipping projected rings to a pixel rectangle (Sutherland–Hodgman).

/// Clips a closed ring of pixel points to the rectangle `(left, top, right, bottom)`.
///
/// Returns the clipped ring (possibly empty). Works for any simple ring; concave rings may gain
/// zero-width edges along the frame, which fill correctly.
pub fn clip_ring(ring: &[(f64, f64)], rect: (f64, f64, f64, f64)) -> Vec<(f64, f64)> {
    let (l, t, r, b) = rect;
    let mut out: Vec<(f64, f64)> = ring.to_vec();
    // Each edge: keep points where `inside` holds; `cut` finds the crossing.
    let edges: [(u8, f64); 4] = [(0, l), (1, r), (2, t), (3, b)];
    for (side, v) in edges {
        if out.is_empty() {
            break;
        }
        let inside = |p: &(f64, f64)| match side {
            0 => p.0 >= v,
            1 => p.0 <= v,
            2 => p.1 >= v,
            _ => p.1 <= v,
        };
        let cut = |a: (f64, f64), c: (f64, f64)| {
            if side < 2 {
                let k = (v - a.0) / (c.0 - a.0);
                (v, a.1 + k * (c.1 - a.1))
            } else {
                let k = (v - a.1) / (c.1 - a.1);
                (a.0 + k * (c.0 - a.0), v)
            }
        };
        let input = std::mem::take(&mut out);
        let mut prev = *input.last().unwrap();
        for &cur in &input {
            match (inside(&prev), inside(&cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(prev, cur)),
                (false, true) => {
                    out.push(cut(prev, cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_a_square_to_the_frame() {
        let ring = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let out = clip_ring(&ring, (0.0, 0.0, 10.0, 10.0));
        let area: f64 =
            out.iter().zip(out.iter().cycle().skip(1)).map(|(a, b)| a.0 * b.1 - b.0 * a.1).sum::<f64>() / 2.0;
        assert!((area.abs() - 25.0).abs() < 1e-9, "{out:?}");
        assert!(clip_ring(&ring, (20.0, 20.0, 30.0, 30.0)).is_empty());
    }
}
