//! Test predictions of a real run on the sample: the binary form the trainer sends the page,
//! and the predictions CSV the CLI and the app write (row count, recomputed accuracy, DR_NO).

use std::sync::OnceLock;

use crimelab::core::data::{ColumnData, Official};
use crimelab::core::eval::{predictions_csv, TestPredictions};
use crimelab::core::experiment::{run, RunConfig, RunResult};
use crimelab::core::features::FeatureConfig;
use crimelab::core::models::ModelKind;

use crate::support::sample;

/// A naive Bayes run on the sample (fast) and its predictions.
pub fn sample_run() -> &'static (RunResult, TestPredictions) {
    static RUN: OnceLock<(RunResult, TestPredictions)> = OnceLock::new();
    RUN.get_or_init(|| {
        let features = FeatureConfig::default();
        let config = RunConfig {
            seed: features.seed,
            features,
            model: ModelKind::NaiveBayes.default_params(),
            tuning: None,
        };
        let output = run(sample(), Some("sample.csv"), &config, &mut |_| true).unwrap();
        let predictions = TestPredictions::of_run(&output, sample()).unwrap();
        (output.result, predictions)
    })
}

#[test]
fn predictions_round_trip_and_match_the_metrics() {
    let (result, p) = sample_run();
    assert_eq!(p.len(), result.test_rows);
    assert!((p.accuracy() - result.accuracy).abs() < 1e-12, "{} vs {}", p.accuracy(), result.accuracy);
    let back = TestPredictions::decode(&p.encode()).unwrap();
    assert_eq!((&back.rows, &back.actual, &back.predicted), (&p.rows, &p.actual, &p.predicted));
    assert_eq!(back.proba, p.proba);
    assert_eq!(back.incidents.dr_no, p.incidents.dr_no);
    assert_eq!(back.incidents.premises, p.incidents.premises);
    // The facts are those of the dataset rows.
    let ColumnData::Int(dr) = &sample().official(Official::DrNo).unwrap().data else { panic!() };
    for (i, &r) in p.rows.iter().enumerate().step_by(97) {
        assert_eq!(p.incidents.dr_no[i], dr[r as usize]);
    }
    let located = (0..p.len()).filter(|&i| p.incidents.located(i)).count();
    assert!(located > p.len() * 9 / 10, "{located} of {} located", p.len());
    assert!(p.incidents.area.iter().all(|&a| (1..=21).contains(&a)));
}

#[test]
fn predictions_csv_recomputes_the_accuracy() {
    let (result, p) = sample_run();
    let bytes = predictions_csv(p).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "DR_NO");
    assert_eq!(header.len(), 3 + p.k());
    assert!(header.iter().skip(3).all(|h| h.starts_with("p_")));
    let (mut rows, mut hits) = (0usize, 0usize);
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        hits += usize::from(record[1] == record[2]);
        let sum: f64 = (3..record.len()).map(|j| record[j].parse::<f64>().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
    }
    assert_eq!(rows, result.test_rows);
    assert!((hits as f64 / rows as f64 - result.accuracy).abs() < 1e-12);
}

mod map {
    use std::sync::OnceLock;

    use crimelab::core::charts::prediction_map::{
        self, choropleth, draw_prediction_map, Layer, MapData, MapDrawn, MapMode, MapOptions,
    };
    use crimelab::core::eval::TestPredictions;
    use crimelab::core::geo::Divisions;
    use crimelab::core::rng::Rng;
    use plotters::prelude::*;

    use super::sample_run;

    fn geo() -> &'static Divisions {
        static G: OnceLock<Divisions> = OnceLock::new();
        G.get_or_init(Divisions::bundled)
    }

    /// Draws the map to SVG (saved as `target/test/svg/<file>.svg` for people to look at).
    fn render(p: &TestPredictions, data: &MapData, options: MapOptions, file: &str) -> (String, MapDrawn) {
        let mut svg = String::new();
        let drawn = {
            let area = SVGBackend::with_string(&mut svg, (900, 560)).into_drawing_area();
            let drawn = draw_prediction_map(&area, p, data, geo(), &options).unwrap();
            area.present().unwrap();
            drawn
        };
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test/svg");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{file}.svg")), &svg).unwrap();
        (svg, drawn)
    }

    #[test]
    fn points_by_predicted_class_with_a_legend() {
        let (_, p) = sample_run();
        let data = MapData::new(p).unwrap();
        let (svg, drawn) = render(p, &data, MapOptions::default(), "prediction-map-predicted");
        assert_eq!(drawn.layer, Layer::All);
        assert_eq!(drawn.drawn.len(), p.len() - data.hidden, "every located test incident in the city view");
        assert_eq!(drawn.in_view, drawn.drawn.len());
        assert_eq!(drawn.hidden, data.hidden);
        // One filled dot and one outline per point.
        assert!(svg.matches("<circle").count() >= 2 * drawn.drawn.len());
        let texts = texts(&svg);
        for class in &p.classes {
            assert!(texts.contains(class), "legend lists {class}");
        }
        assert!(svg.contains("predicted class"));
        assert!(svg.contains(&format!("all {} test incidents in view", group(drawn.in_view))));
        assert!(svg.contains(&format!("{} without location not shown", group(data.hidden))));
        // The point under a drawn dot is found again.
        let i = drawn.drawn[drawn.drawn.len() / 2];
        let (x, y) =
            drawn.projection.to_px(p.incidents.lon[i as usize] as f64, p.incidents.lat[i as usize] as f64);
        let hit = drawn.hit(p, x + 1.0, y, 6.0).unwrap();
        let (hx, hy) = drawn
            .projection
            .to_px(p.incidents.lon[hit as usize] as f64, p.incidents.lat[hit as usize] as f64);
        assert!((hx - x - 1.0).powi(2) + (hy - y).powi(2) <= 1.0 + 1e-9);
        assert_eq!(drawn.hit(p, -50.0, -50.0, 6.0), None);
        // The selected incident gets a ring (two more circles).
        let options = MapOptions { highlight: Some(i), ..MapOptions::default() };
        let (ringed, _) = render(p, &data, options, "prediction-map-selected");
        assert_eq!(ringed.matches("<circle").count(), svg.matches("<circle").count() + 2);
    }

    #[test]
    fn right_or_wrong_points() {
        let (_, p) = sample_run();
        let data = MapData::new(p).unwrap();
        let options = MapOptions { mode: MapMode::Correct, ..MapOptions::default() };
        let (svg, drawn) = render(p, &data, options, "prediction-map-correct");
        assert_eq!(drawn.layer, Layer::All);
        assert!(texts(&svg).iter().any(|t| t == "right") && texts(&svg).iter().any(|t| t == "wrong"));
        // Wrong predictions are drawn last (on top).
        let wrong = |i: &u32| p.actual[*i as usize] != p.predicted[*i as usize];
        let first_wrong = drawn.drawn.iter().position(wrong).unwrap();
        assert!(drawn.drawn[first_wrong..].iter().all(wrong));
    }

    #[test]
    fn accuracy_and_macro_f1_per_division() {
        let (_, p) = sample_run();
        let data = MapData::new(p).unwrap();
        for mode in [MapMode::Accuracy, MapMode::MacroF1] {
            let options = MapOptions { mode, ..MapOptions::default() };
            let (svg, drawn) = render(p, &data, options, &format!("prediction-map-{}", mode.id()));
            assert_eq!(drawn.layer, Layer::Divisions);
            assert!(drawn.drawn.is_empty());
            // The busiest division is labelled with its value, and the best one is named.
            let busiest = data.divisions.iter().max_by_key(|m| m.rows).unwrap();
            let label = format!("{:.1}%", 100.0 * choropleth::metric_value(mode, busiest));
            assert!(texts(&svg).contains(&label), "{} {label}", mode.id());
            let best = data
                .divisions
                .iter()
                .filter(|m| m.rows > 0)
                .max_by(|a, b| {
                    choropleth::metric_value(mode, a).total_cmp(&choropleth::metric_value(mode, b))
                })
                .unwrap();
            let name = MapData::division_name(best.group as i32 + 1);
            assert!(
                svg.contains(&format!("best {name} {:.1}%", 100.0 * choropleth::metric_value(mode, best)))
            );
        }
        // The division metrics add up to the whole test set.
        let rows: u64 = data.divisions.iter().map(|m| m.rows).sum();
        assert_eq!(rows as usize + data.unknown_division, p.len());
    }

    #[test]
    fn actual_and_predicted_share_of_a_class() {
        let (_, p) = sample_run();
        let data = MapData::new(p).unwrap();
        let class = p.classes.iter().position(|c| c == "Theft").unwrap();
        let options = MapOptions { mode: MapMode::Share, class, ..MapOptions::default() };
        let (svg, _) = render(p, &data, options, "prediction-map-share");
        assert!(svg.contains("Where the model predicts Theft"));
        let busiest = data.divisions.iter().max_by_key(|m| m.rows).unwrap();
        let (a, q) = choropleth::class_shares(busiest, class);
        assert!(texts(&svg).contains(&format!("{} → {}", choropleth::share(a), choropleth::share(q))));
        assert!(svg.contains("predicted minus"));
    }

    /// The sample's predictions copied `times` times with the places jittered by ~300 m: a
    /// test set the size of the full export's.
    fn enlarged(p: &TestPredictions, times: usize) -> TestPredictions {
        let mut big = p.clone();
        let mut rng = Rng::new(7);
        for _ in 1..times {
            big.rows.extend(&p.rows);
            big.actual.extend(&p.actual);
            big.predicted.extend(&p.predicted);
            big.proba.extend(&p.proba);
            let inc = &mut big.incidents;
            inc.dr_no.extend(&p.incidents.dr_no);
            inc.area.extend(&p.incidents.area);
            inc.date.extend(&p.incidents.date);
            inc.time.extend(&p.incidents.time);
            inc.premise.extend(&p.incidents.premise);
            inc.lat.extend(p.incidents.lat.iter().map(|v| v + (rng.f32() - 0.5) * 0.006));
            inc.lon.extend(p.incidents.lon.iter().map(|v| v + (rng.f32() - 0.5) * 0.006));
        }
        big
    }

    #[test]
    fn full_size_test_sets_aggregate_then_sample_then_show_all() {
        let (_, p) = sample_run();
        let big = enlarged(p, 80);
        assert!(big.len() > 200_000);
        let data = MapData::new(&big).unwrap();
        let started = std::time::Instant::now();
        let (svg, drawn) = render(&big, &data, MapOptions::default(), "prediction-map-full-cells");
        let city_ms = started.elapsed().as_secs_f64() * 1e3;
        assert_eq!(drawn.layer, Layer::Cells);
        assert!(drawn.drawn.is_empty() && drawn.cells > 500, "{} cells", drawn.cells);
        assert!(svg.contains("zoom in for single incidents"));
        assert!(svg.contains("most predicted class"));
        // Zooming in on one incident: first a random sample of `cap` points, then all of them.
        let at = data.order[0] as usize;
        let (lon, lat) = (big.incidents.lon[at] as f64, big.incidents.lat[at] as f64);
        let mut layers = Vec::new();
        for f in [0.6, 0.4, 0.25, 0.15, 0.08, 0.04, 0.02] {
            let options = MapOptions {
                view: Some(data.data_bounds.unwrap().zoom(f, lon, lat)),
                ..MapOptions::default()
            };
            let name = format!("prediction-map-full-zoom{}", layers.len());
            let (svg, drawn) = render(&big, &data, options, &name);
            match drawn.layer {
                Layer::Sample => {
                    assert_eq!(drawn.drawn.len(), MapOptions::default().cap);
                    assert!(drawn.in_view > drawn.drawn.len());
                    assert!(svg.contains("random sample of 8,000 of"));
                }
                Layer::All => assert_eq!(drawn.drawn.len(), drawn.in_view),
                _ => assert!(drawn.in_view > MapOptions::default().aggregate_above),
            }
            layers.push(drawn.layer);
        }
        assert!(layers.contains(&Layer::Sample) && layers.last() == Some(&Layer::All), "{layers:?}");
        eprintln!("full-size city view drawn to SVG in {city_ms:.0} ms");
    }

    /// The texts of an SVG, trimmed.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_owned()))
            .collect()
    }

    fn group(n: usize) -> String {
        crimelab::core::format::thousands(n as u64)
    }

    #[test]
    fn modes_have_stable_ids() {
        for mode in MapMode::ALL {
            assert_eq!(MapMode::from_id(mode.id()), Some(mode));
        }
        assert_eq!(prediction_map::LEGEND_W, 170);
    }
}

#[test]
fn a_long_class_legend_says_how_many_it_leaves_out() {
    use crimelab::core::charts::legend::swatches;
    use plotters::prelude::*;
    let items: Vec<(RGBColor, String)> = (0..31).map(|i| (RGBColor(0, 0, 0), format!("class {i}"))).collect();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (170, 300)).into_drawing_area();
        swatches(&area, "predicted class", &items).unwrap();
        area.present().unwrap();
    }
    assert!(svg.contains("class 0") && !svg.contains("class 30"));
    assert!(svg.contains("more"), "{svg}");
}
