//! A small, self-contained feature builder for the tree benchmarks and tests: it turns a
//! loaded export into a `FeatureFrame` (time, place, victim, weapon, premise, report delay,
//! the ten most common MO codes) and labels (the nine most common crime codes + "other").
//! Categorical columns keep their 200 most frequent levels (the rest become "other"), so
//! every library in the benchmark can treat them as categorical.

use crimelab::core::data::{ColumnData, Dataset, Official, MISSING_CODE, MISSING_INT};
use crimelab::core::frame::{Feature, FeatureFrame, Labels, MISSING_LEVEL};

/// Features, labels and the occurrence day of each row.
pub struct Built {
    pub x: FeatureFrame,
    pub labels: Labels,
    pub day: Vec<i32>,
}

fn ints(d: &Dataset, o: Official) -> Vec<i32> {
    match d.official(o).map(|c| &c.data) {
        Some(ColumnData::Int(v)) | Some(ColumnData::Date(v)) | Some(ColumnData::Time(v)) => v.clone(),
        _ => vec![MISSING_INT; d.rows()],
    }
}

fn floats(d: &Dataset, o: Official) -> Vec<f32> {
    match d.official(o).map(|c| &c.data) {
        Some(ColumnData::Float(v)) => v.iter().map(|&x| x as f32).collect(),
        _ => vec![f32::NAN; d.rows()],
    }
}

/// Categorical feature from integer values: most frequent `keep` values get codes.
fn cat_from_keys(name: &str, keys: &[i64], missing: i64, keep: usize) -> Feature {
    let mut counts: std::collections::HashMap<i64, usize> = Default::default();
    for &k in keys {
        if k != missing {
            *counts.entry(k).or_default() += 1;
        }
    }
    let mut order: Vec<(i64, usize)> = counts.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept = order.len().min(keep);
    let mut code_of: std::collections::HashMap<i64, u16> = Default::default();
    let mut levels = Vec::new();
    for (i, &(k, _)) in order[..kept].iter().enumerate() {
        code_of.insert(k, i as u16);
        levels.push(k.to_string());
    }
    let other = levels.len() as u16;
    if order.len() > kept {
        levels.push("other".into());
    }
    let codes = keys
        .iter()
        .map(|&k| if k == missing { MISSING_LEVEL } else { *code_of.get(&k).unwrap_or(&other) })
        .collect();
    Feature::categorical(name, codes, levels)
}

fn text_cat(d: &Dataset, o: Official, name: &str) -> Feature {
    let keys: Vec<i64> = match d.official(o).map(|c| &c.data) {
        Some(ColumnData::Category { codes, .. }) => {
            codes.iter().map(|&c| if c == MISSING_CODE { -1 } else { c as i64 }).collect()
        }
        _ => vec![-1; d.rows()],
    };
    cat_from_keys(name, &keys, -1, 200)
}

fn int_cat(d: &Dataset, o: Official, name: &str) -> Feature {
    let keys: Vec<i64> = ints(d, o).iter().map(|&v| v as i64).collect();
    cat_from_keys(name, &keys, MISSING_INT as i64, 200)
}

/// Builds the features and the "top nine crime codes + other" target.
pub fn build(d: &Dataset) -> Built {
    let n = d.rows();
    let day = ints(d, Official::DateOcc);
    let time = ints(d, Official::TimeOcc);
    let rptd = ints(d, Official::DateRptd);
    let num = |v: &[i32], f: &dyn Fn(i32) -> f32| -> Vec<f32> {
        v.iter().map(|&x| if x == MISSING_INT { f32::NAN } else { f(x) }).collect()
    };
    let mut cols = vec![
        Feature::numeric("hour", num(&time, &|t| (t / 60) as f32)),
        Feature::numeric("minute_of_day", num(&time, &|t| t as f32)),
        Feature::numeric("weekday", num(&day, &|d| ((d + 3).rem_euclid(7)) as f32)),
        Feature::numeric("day_of_year", num(&day, &|d| (d.rem_euclid(365)) as f32)),
        Feature::numeric(
            "report_delay",
            day.iter()
                .zip(&rptd)
                .map(|(&a, &b)| if a == MISSING_INT || b == MISSING_INT { f32::NAN } else { (b - a) as f32 })
                .collect(),
        ),
        int_cat(d, Official::Area, "area"),
        Feature::numeric("rpt_dist", num(&ints(d, Official::RptDistNo), &|v| v as f32)),
        int_cat(d, Official::PremisCd, "premise"),
        int_cat(d, Official::WeaponUsedCd, "weapon"),
        Feature::numeric(
            "vict_age",
            num(&ints(d, Official::VictAge), &|v| {
                if v > 0 {
                    v as f32
                } else {
                    f32::NAN
                }
            }),
        ),
        text_cat(d, Official::VictSex, "vict_sex"),
        text_cat(d, Official::VictDescent, "vict_descent"),
        Feature::numeric("lat", floats(d, Official::Lat)),
        Feature::numeric("lon", floats(d, Official::Lon)),
    ];
    // Mocodes: count and the ten most common codes as 0/1 flags.
    if let Some(ColumnData::CodeList { offsets, values }) = d.official(Official::Mocodes).map(|c| &c.data) {
        let mut freq = vec![0usize; 1 << 16];
        for &v in values {
            freq[v as usize] += 1;
        }
        let mut top: Vec<usize> = (0..freq.len()).filter(|&c| freq[c] > 0).collect();
        top.sort_by(|&a, &b| freq[b].cmp(&freq[a]).then(a.cmp(&b)));
        top.truncate(10);
        cols.push(Feature::numeric(
            "mocode_count",
            (0..n).map(|r| (offsets[r + 1] - offsets[r]) as f32).collect(),
        ));
        for &code in &top {
            let flags = (0..n)
                .map(|r| {
                    let s = &values[offsets[r] as usize..offsets[r + 1] as usize];
                    f32::from(u8::from(s.contains(&(code as u16))))
                })
                .collect();
            cols.push(Feature::numeric(format!("mocode_{code:04}"), flags));
        }
    }
    // Target: nine most common crime codes, then "other".
    let crm = ints(d, Official::CrmCd);
    let mut counts: std::collections::HashMap<i32, usize> = Default::default();
    for &c in &crm {
        *counts.entry(c).or_default() += 1;
    }
    let mut order: Vec<(i32, usize)> = counts.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    order.truncate(9);
    let mut classes: Vec<String> = order.iter().map(|c| c.0.to_string()).collect();
    classes.push("other".into());
    let y = crm.iter().map(|&c| order.iter().position(|o| o.0 == c).unwrap_or(9) as u32).collect();
    Built { x: FeatureFrame::new(cols), labels: Labels { classes, y }, day }
}

/// Macro-averaged F1 of predictions against labels.
pub fn macro_f1(pred: &[u32], y: &[u32], k: usize) -> f64 {
    let mut tp = vec![0f64; k];
    let mut fp = vec![0f64; k];
    let mut fneg = vec![0f64; k];
    for (&p, &t) in pred.iter().zip(y) {
        if p == t {
            tp[p as usize] += 1.0;
        } else {
            fp[p as usize] += 1.0;
            fneg[t as usize] += 1.0;
        }
    }
    let mut sum = 0.0;
    for c in 0..k {
        let d = 2.0 * tp[c] + fp[c] + fneg[c];
        sum += if d > 0.0 { 2.0 * tp[c] / d } else { 0.0 };
    }
    sum / k as f64
}
