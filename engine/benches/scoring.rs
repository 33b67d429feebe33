//! Native benchmarks: score one unit (kab/kota 2023), score + rank 22,000 units × 20 indicators,
//! one rubric-editor weight edit re-scoring and re-ranking 22,000 units × 25 indicators,
//! goal-seek one unit. `cargo bench -p engine` (about a minute).

#[path = "../tests/support/bench_cases.rs"]
mod bench_cases;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::{Goal, GoalSeekOptions, Grade, goal_seek, score_and_rank, score_unit};

fn benchmarks(criterion: &mut Criterion) {
    let kabkota = bench_cases::kabkota_rubric();
    let unit = bench_cases::kabkota_unit(&kabkota, 7);
    criterion.bench_function("score_one_unit", |b| b.iter(|| score_unit(&kabkota, std::hint::black_box(&unit))));
    criterion.bench_function("score_total_one_unit", |b| {
        b.iter(|| engine::score_total(&kabkota, std::hint::black_box(&unit)))
    });

    let synthetic = bench_cases::synthetic_rubric();
    let population = bench_cases::synthetic_population(&synthetic);
    criterion.bench_function("score_and_rank_22000x20", |b| {
        b.iter(|| score_and_rank(&synthetic, std::hint::black_box(&population)))
    });

    let (draft, values) = bench_cases::weight_edit_case();
    let mut step = 0;
    let mut cache = engine::impact::ValuesCache::default();
    criterion.bench_function("rubric_weight_edit_rescore_rank_22000x25", |b| {
        b.iter(|| {
            step += 1;
            bench_cases::weight_edit(&draft, std::hint::black_box(&values), &mut cache, step)
        })
    });

    let options = GoalSeekOptions::default();
    criterion.bench_function("goal_seek_one_unit", |b| {
        b.iter(|| goal_seek(&kabkota, std::hint::black_box(&unit), Goal::Grade(Grade::A), &options))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    targets = benchmarks
}
criterion_main!(benches);
