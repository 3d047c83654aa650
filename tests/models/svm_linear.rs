//! Linear SVM.

use crimelab::core::models::svm_linear::SvmLinearParams;
use crimelab::core::models::ModelParams;

fn params() -> ModelParams {
    ModelParams::SvmLinear(SvmLinearParams::default())
}

#[test]
fn svm_linear_learns_on_the_sample() {
    super::assert_learns(&params(), [0.08, 0.08]);
}

#[test]
fn svm_linear_is_reproducible_round_trips_and_cancels() {
    super::assert_reproducible_and_round_trips(&params());
    super::assert_cancels(&params());
}
