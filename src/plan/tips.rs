//! Technique and safety guidance, each tip with its source.

/// Technique and safety guidance, each tip with its source: the title of
/// the article it comes from, saying only what that article says (a tip
/// two articles make between them is split), or where it is not theirs,
/// whose it is. Advice, not a promise of any health effect.
pub struct Tip {
    pub text: &'static str,
    pub source: &'static str,
}

/// The articles backwalk's plan and guidance come from, by title.
pub const STEP_BY_STEP: &str = "6 Surprising Advantages of Reverse Walking: A Step-by-Step Guide";
pub const WHAT_ARE_THE_BENEFITS: &str = "What are the benefits of walking backwards";
pub const SUFFERING_BACK_PAIN: &str =
    "Suffering Back Pain? Try Walking Backwards Too - These are the Benefits!";
/// A safety measure the articles do not state.
pub const SAFETY: &str = "general safety practice";
/// The pain rule's source, said as the screens must say it.
pub const PAIN_MODEL: &str =
    "adapted from Silbernagel et al. 2007, a pain-monitoring model developed for Achilles tendinopathy";

pub const TIPS: [Tip; 15] = [
    Tip {
        text: "If you have a pre-existing condition or an injury, consult a healthcare professional first.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Find a safe, open space without any obstacles, and be mindful of your surroundings.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Stand tall with your feet shoulder-width apart.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Take small steps backwards slowly, keeping your balance and a steady pace, and watch your posture.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Warm up and stretch before and after each session.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Start with 5-10 minutes and increase the time gradually; as you grow more comfortable, increase your speed and distance.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "On a treadmill, adjust the speed and incline with caution: start at a slow speed and raise it gradually as you gain confidence.",
        source: STEP_BY_STEP,
    },
    Tip {
        text: "Stand upright: chest up, head up, eyes forward.",
        source: WHAT_ARE_THE_BENEFITS,
    },
    Tip {
        text: "Step evenly and slowly, breathe regularly, and swing your arms gently back and forth.",
        source: WHAT_ARE_THE_BENEFITS,
    },
    Tip {
        text: "Keep at it with 200-400 backward steps a day.",
        source: WHAT_ARE_THE_BENEFITS,
    },
    Tip {
        text: "Start with short strides and increase your pace gradually as you grow comfortable.",
        source: SUFFERING_BACK_PAIN,
    },
    Tip {
        text: "Keep a proper posture and stay alert to your surroundings to avoid hazards.",
        source: SUFFERING_BACK_PAIN,
    },
    Tip {
        text: "On a treadmill, clip on the safety key and keep a hand near the rails until you are steady.",
        source: SAFETY,
    },
    Tip {
        text: "Stop if you feel dizzy or unsteady.",
        source: SAFETY,
    },
    Tip {
        text: "If pain after a walk, or the next morning, is above 5 out of 10, hold your time where it is, and speak to a health professional if it persists.",
        source: PAIN_MODEL,
    },
];
