mod common;
use common::TestEnv;

#[test]
fn log_then_list() {
    let env = TestEnv::new();
    env.run(&["log", "8", "--steps", "300", "--surface", "grass"]).ok();
    let sessions = env.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["start"], "2026-11-21T18:22:00+01:00");
}
