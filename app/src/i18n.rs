//! Interface language: the message table, number formatting and the language context.
//!
//! The pure parts (`Lang`, `Msg`, [`t`], the `format_*` helpers) touch no DOM and are unit-tested
//! natively. The context part ([`provide_i18n`], [`use_i18n`]) wires a signal to them and keeps
//! `localStorage` and `<html lang>` in step with the chosen language.

use leptos::prelude::*;

/// The `localStorage` key under which the chosen language is remembered.
pub const LANG_STORAGE_KEY: &str = "sibekisar.lang";

/// An interface language. Bahasa Indonesia is the default; English is the switch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// The BCP 47 code written into `<html lang>` and `localStorage`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Reads a stored code back; anything unknown yields `None` so the caller falls back to the default.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the switch button offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language's own name, as shown on the switch button that offers it.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }

    fn decimal_separator(self) -> char {
        match self {
            Lang::Id => ',',
            Lang::En => '.',
        }
    }

    fn thousands_separator(self) -> char {
        match self {
            Lang::Id => '.',
            Lang::En => ',',
        }
    }
}

/// Message ids. Every visible interface string goes through [`t`] with one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Msg {
    SkipToContent,
    MainNavigation,
    SwitchLanguageHint,
    FooterText,

    NavHome,
    NavSimulator,
    NavAssessment,
    NavRankings,
    NavScoringRules,

    SimulatorLead,
    AssessmentLead,
    RankingsLead,

    NotFoundTitle,
    NotFoundText,
    NotFoundBackHome,

    HomeTitle,
    HomeIntro,
    HomeIntroPopulations,
    HomeAreasHeading,
    HomeCardSimulator,
    HomeCardAssessment,
    HomeCardRankings,
    HomeCardScoringRules,
    HomeGradesHeading,
    HomeGradesText,
    // Each role's home (components/home).
    HomeLoadError,
    HomeOpenPeriod,
    HomeNoOpenPeriod,
    HomeMissingLink,
    HomeOpenGrid,
    HomeColIndicator,
    HomeColOwner,
    HomeColFilled,
    HomeColMissing,
    HomeColUnverified,
    HomeColDisputed,
    HomeUnitTitle,
    HomeUnitNoUnit,
    HomeUnitNoResults,
    HomeUnitTotal,
    HomeUnitRank,
    HomeUnitRankOf,
    HomeUnitChangeHeading,
    HomeUnitChangeNone,
    HomeUnitComparedWith,
    HomeUnitTopGrade,
    HomeUnitPathIntro,
    HomeUnitOpenSimulator,
    HomeUnitReport,
    HomeOwnerTitle,
    HomeOwnerIntro,
    HomeOwnerNoIndicators,
    HomeAdminTitle,
    HomeAdminIntro,
    HomeAdminPerOwner,
    HomeAdminPerPopulation,
    HomeManagePeriods,
    HomeNoOwner,
    GridOnlyMissing,
    GridShowAll,

    GradeTableCaption,
    GradeColumnGrade,
    GradeColumnInterval,
    GradeColumnCategory,
    GradeCategoryA,
    GradeCategoryB,
    GradeCategoryC,
    GradeCategoryD,
    GradeCategoryE,

    RulesTitle,
    RulesIntro,
    RulesLoading,
    RulesLoadError,
    RulesRetry,
    RulesErrorDetail,
    RulesSpiritsHeading,
    RulesSpiritsText,
    RulesColumnCode,
    RulesColumnSpirit,
    RulesColumnMeaning,
    RulesColumnWeightKabkota,
    RulesColumnWeightOpd,
    RulesTotal,
    RulesSpiritsCaption,
    RulesUobkNote,
    RulesIndicatorsHeading,
    RulesIndicatorsText,
    RulesIndicatorsCount,
    RulesPopulationKabkota,
    RulesPopulationOpd,
    RulesColumnIndicator,
    RulesColumnIndicatorWeight,
    RulesColumnMaxPoints,
    RulesColumnOwner,
    RulesSpiritWeight,
    RulesColumnWeight,
    RulesGradesHeading,
    RulesGradesText,
    RulesRoundingHeading,
    RulesRoundingStep1,
    RulesRoundingStep2,
    RulesRoundingStep3,
    RulesRoundingStep4,
    RulesExactNote,
    RulesMissingNote,
    RulesTotalOnlyNote,
    RulesExampleHeading,
    RulesExampleIntro,
    RulesExampleCaseA,
    RulesExampleCaseB,
    RulesColumnValue,
    RulesColumnExact,
    RulesColumnRounded,
    RulesExampleTotal,
    RulesExampleGrade,
    RulesExampleConclusion,
    RulesSourceNote,

    // Simulator (`/simulasi`).
    SimIntro,
    SimBannerTitle,
    SimBannerText,
    SimAccountsNote,
    SimLoading,
    SimLoadingUnit,
    SimLoadError,
    SimFromCache,
    SimSelectLabel,
    SimPeriod,
    SimPopulation,
    SimSearchUnit,
    SimSearchPlaceholder,
    SimUnit,
    SimChooseUnit,
    SimUnitsFailed,
    SimNoPeriods,
    SimPickUnit,
    SimResultHeading,
    SimTotal,
    SimRank,
    SimOfficialTotal,
    SimRecomputed,
    SimRecomputedDiffers,
    SimMissingCount,
    SimReset,
    SimShare,
    SimShareCopied,
    SimShareCopy,
    SimShareProblems,
    SimInputsHeading,
    SimInputsHint,
    SimContribution,
    SimSlider,
    SimRange,
    SimTarget,
    SimHigherBetter,
    SimLowerBetter,
    SimOutOfRange,
    SimPoints,
    SimNoValue,
    SimCategoryHint,
    SimBooleanHint,
    SimYes,
    SimNo,
    SimOwner,
    SimOfficial,
    SimScore,
    SimLock,
    SimLockFor,
    SimSpiritsHeading,
    SimSpiritsCaption,
    SimBar,
    SimContributionOfWeight,
    SimChange,
    SimRadarTitle,
    SimLegendOfficial,
    SimLegendScenario,
    SimRadarNote,
    SimGoalHeading,
    SimGoalHeadingAny,
    SimGoalIntro,
    SimGoalTarget,
    SimGoalCustom,
    SimGoalTotalLabel,
    SimGoalInvalid,
    SimGoalReached,
    SimGoalUnreachable,
    SimGoalBest,
    SimGoalSteps,
    SimGoalTotalAfter,
    SimGoalCost,
    SimGoalApply,
    SimGoalLocked,
    SimEffortsHeading,
    SimEffortsHint,
    SimMarginalHeading,
    SimMarginalIntro,
    SimMarginalCaption,
    SimMarginalPerPoint,
    SimMarginalPerRaw,
    SimMarginalHeadroom,
    SimMarginalPotential,
    SimScenariosHeading,
    SimScenariosIntro,
    SimCurrentName,
    SimUnnamed,
    SimScenarioName,
    SimSave,
    SimSaved,
    SimSaveFailed,
    // Scenarios saved on the server for signed-in users (issue 6).
    SimSavedServer,
    SimSavedLocalOnly,
    SimServerListFailed,
    SimServerDeleteFailed,
    SimScenariosSignedIn,
    SimNoSaved,
    SimLoad,
    SimDelete,
    SimCompareWith,
    SimCompareHint,
    SimCompareCaption,
    SimCurrent,
    SimChangedCount,

    // Published results (issue 7): Peringkat, unit report card, dashboard, Pendampingan.
    ResLoading,
    ResLoadError,
    ResNoPeriods,
    ResRankingsLead,
    ResPublicNote,
    ResRulesLink,
    ResDownloadXlsx,
    ResMentoringLink,
    ResPopulation,
    ResFilters,
    ResPeriod,
    ResGradeFilter,
    ResAllGrades,
    ResSearch,
    ResSearchPlaceholder,
    ResShowing,
    ResOf,
    ResUnits,
    ResTableLabel,
    ResTableCaption,
    ResColRank,
    ResColUnit,
    ResColTotal,
    ResColGrade,
    ResColMovement,
    ResColComplete,
    ResColRawValue,
    ResColScore,
    ResColPoints,
    ResColContribution,
    ResColAverage,
    ResColRange,
    ResColReason,
    ResComplete,
    ResIncomplete,
    ResNoPrevious,
    ResNoPreviousNote,
    ResComparedWith,
    ResNew,
    ResMovedUp,
    ResMovedDown,
    ResPlaces,
    ResPoints,
    ResTiesNote,
    ResUnitTitle,
    ResUnitNotFound,
    ResBackToRankings,
    ResNoResult,
    ResReportCard,
    ResSavePdf,
    ResTryInSimulator,
    ResSpiritsHeading,
    ResIndicatorsHeading,
    ResIndicatorsNote,
    ResMissingValue,
    ResYes,
    ResNo,
    ResWalkHeading,
    ResWalkIndicators,
    ResWalkTotal,
    ResWalkGrade,
    ResWalkRounding,
    ResComputedAt,
    ResDashboardHeading,
    ResDashboardIntro,
    ResSeeRankings,
    ResDistributionTitle,
    ResSpiritAverageTitle,
    ResSpiritAverageNote,
    ResTrendTitle,
    ResTrendSingle,
    ResLowestHeading,
    ResLowestNote,
    ResLowestCaption,
    ResHeatTitle,
    ResHeatLegend,
    ResMentoringTitle,
    ResMentoringLead,
    ResFallThreshold,
    ResRewardHeading,
    ResWatchHeading,
    ResWatchEmpty,
    ResWatchLowGrade,
    ResWatchFalling,

    // Accounts and the assessor's grid (`/masuk`, `/akun/kata-sandi`, `/setup/…`, `/penilaian`).
    AuthSignIn,
    AuthSigningIn,
    AuthSignInLead,
    AuthAlreadySignedIn,
    AuthUsername,
    AuthPassword,
    AuthDemoAccounts,
    AuthDemoAccountsLead,
    AuthSignOut,
    AuthSignOutPending,
    AuthSignOutPendingKept,
    AuthChecking,
    AuthChangePassword,
    AuthPasswordRules,
    AuthCurrentPassword,
    AuthNewPassword,
    AuthRepeatPassword,
    AuthPasswordsDiffer,
    AuthPasswordChanged,
    AuthSavePassword,
    AuthSetupTitle,
    AuthSetupChecking,
    AuthSetupLead,
    AuthSetupFirstAdmin,
    AuthSetupInactive,
    AuthDisplayName,
    AssessIntro,
    AssessRubricBroken,
    AssessLoadError,
    AssessFromCache,
    AssessPeriodClosed,
    AssessReadOnly,
    AssessIndicators,
    AssessSubmit,
    AssessQueued,
    AssessInvalidKept,
    AssessPasted,
    AssessPasteDropped,
    AssessDraftCount,
    AssessScore,
    AssessCellDetails,
    AssessServerValue,
    AssessVersion,
    AssessChangedBy,
    AssessNoEntry,
    AssessHistory,
    AssessHistoryFailed,
    AssessHistoryEmpty,
    AssessMine,
    AssessTheirs,
    AssessKeepMine,
    AssessTakeTheirs,
    AssessConflictTitle,
    AssessConflictLead,
    AssessRejectedTitle,
    AssessDismiss,
    AssessOnline,
    AssessOffline,
    AssessUnreachable,
    AssessPending,
    AssessSending,
    AssessLastSync,
    AssessNeverSynced,
    AssessSignedOut,
    AssessServerProblem,

    // Administration (`/admin`, issues 4 and 5): users, API tokens, security log, periods, rubrics.
    NavAdmin,
    AdminTitle,
    AdminTabUsers,
    AdminTabTokens,
    AdminTabAudit,
    AdminTabPeriods,
    AdminTabRubrics,
    // The unit registry tab and import (issue 17).
    AdminTabUnits,
    UnitLead,
    UnitAdd,
    UnitCode,
    UnitName,
    UnitPopulation,
    UnitParent,
    UnitParentShort,
    UnitChoose,
    UnitFilter,
    UnitAllPopulations,
    UnitShowInactive,
    UnitActions,
    UnitActive,
    UnitInactive,
    UnitRename,
    UnitRenamePrompt,
    UnitDeactivate,
    UnitActivate,
    UnitDeactivateConfirm,
    UnitActivateConfirm,
    UnitRegistered,
    UnitSaved,
    UnitNone,
    UnitFormerly,
    UnitAddPopulation,
    UnitPopulationLead,
    UnitPopulationName,
    UnitPopulationNameEn,
    UnitPopulationAdded,
    UnitImportTitle,
    UnitImportLead,
    UnitImportUnits,
    // The first-run checklist (issue 17).
    SetupTitle,
    SetupLead,
    SetupPopulations,
    SetupUnits,
    SetupRubric,
    SetupPeriod,
    SetupOwners,
    SetupOpen,
    SetupDone,
    SetupNotDone,
    SetupTemplates,
    SetupTemplateKabkota,
    SetupTemplateOpd,
    AdminForbiddenTitle,
    AdminForbiddenText,
    AdminRole,
    AdminScope,
    AdminStatus,
    AdminActions,
    AdminActive,
    AdminInactive,
    AdminNoPassword,
    AdminScopeAll,
    AdminNewUser,
    AdminEditUser,
    AdminEdit,
    AdminCancel,
    AdminSave,
    AdminCreateUser,
    AdminResetLink,
    AdminIndicators,
    AdminTokenIndicators,
    AdminUnit,
    AdminChooseUnit,
    AdminLinkFor,
    AdminLinkWarning,
    AdminLinkExpires,
    AdminCopy,
    AdminCopied,
    AdminUserSaved,
    AdminTokenName,
    AdminCreateToken,
    AdminTokenSecret,
    AdminTokenWarning,
    AdminName,
    AdminCreated,
    AdminLastUsed,
    AdminNever,
    AdminRevoked,
    AdminRevoke,
    AdminRevokeConfirm,
    AdminTime,
    AdminEvent,
    AdminActor,
    AdminSubject,
    AdminDetail,
    AdminIp,
    AdminLoadMore,
    AdminYear,
    AdminKind,
    AdminRubricFor,
    AdminNoRubric,
    AdminNewPeriod,
    AdminCreatePeriod,
    AdminPeriodCreated,
    AdminPeriodChanged,
    AdminOpen,
    AdminClose,
    AdminPublish,
    AdminReopen,
    AdminConfirmOpen,
    AdminConfirmClose,
    AdminConfirmPublish,
    AdminReopenReason,
    AdminVersionId,
    AdminPopulation,
    AdminUploadRubric,
    AdminRubricHint,
    AdminRubricFile,
    AdminRubricPaste,
    AdminRubricStored,
    AdminRubricExists,
    AdminRubricProblems,

    // Mentoring status and notes, webinar mode (issue 7, pages/mentoring.rs, pages/webinar.rs).
    MenColStatus,
    MenColNote,
    MenStatusOpen,
    MenStatusScheduled,
    MenStatusInProgress,
    MenStatusDone,
    MenSignInToSee,
    MenNoAccess,
    MenReadOnly,
    MenLoadFailed,
    MenFollowUp,
    MenFormHeading,
    MenFormUnit,
    MenFormStatus,
    MenFormKeepStatus,
    MenFormNote,
    MenFormSave,
    MenFormSaving,
    MenFormSaved,
    MenFormEmpty,
    MenHistory,
    WebToggle,
    WebToggleHint,
    WebNav,
    WebTitle,
    WebLead,
    WebPopulation,
    WebWalkHeading,
    WebStep,
    WebOf,
    WebPrevious,
    WebNext,
    WebKeysHint,
    WebIntro,
    WebMissingList,
    WebMissingValue,
    WebSpirit,
    WebWeight,
    WebIndicator,
    WebRawValue,
    WebIndicatorScore,
    WebSpiritScoreRule,
    WebContributionRule,
    WebRoundedTo,
    WebContributionsHeading,
    WebSpiritScore,
    WebExactContribution,
    WebRounded,
    WebTotalPerSpirit,
    WebTotalOnce,
    WebTotalHeading,
    WebGradeRule,
    WebOfficialTotal,
    WebMatches,
    WebDiffers,
    WebSandboxHeading,
    WebSandboxLabel,
    WebSandboxLead,
    WebSandboxReset,
    WebSandboxChangedUnits,
    WebSandboxEdit,
    WebColOfficial,
    WebColSandbox,
    WebColChange,

    // Work-system policy monitor (issue 8, pages/policy.rs).
    PolicyTitle,
    PolicyLead,
    PolicyStallDays,
    PolicyNotAvailable,
    PolicyLoadFailed,
    PolicyDemoNote,
    PolicyOf,
    PolicyGovernments,
    PolicyDaysSince,
    PolicyNeverRecorded,
    PolicyDaysLate,
    PolicyAsOf,
    PolicyDownload,
    PolicyMatrix,
    PolicyColGovernment,
    PolicyStalledHeading,
    PolicyDays,
    PolicyOverdueHeading,
    PolicyColAction,
    PolicyColOwner,
    PolicyColDue,
    PolicyColStatus,
    PolicyColDate,
    PolicyColReference,
    PolicyColNote,
    PolicyColEvidence,
    PolicyColRecordedBy,
    PolicyBack,
    PolicySaved,
    PolicyIncomplete,
    PolicyScore,
    PolicyReadOnly,
    PolicyStages,
    PolicyActions,
    PolicyAssessment,
    PolicyNewAction,
    PolicyRecordStage,
    PolicySave,
    // Sistem Kerja (issue 8): the assessment's period, and overdue actions among the stalled.
    PolicyPeriod,
    PolicySeeRanking,
    PolicySimulate,
    PolicyOverdueReason,
    PolicyStalledLead,
    // Sistem Kerja gaps (issue 8): the change history on a checklist; Sistem Kerja periods in admin.
    PolicyHistory,
    PolicyColWhen,
    PolicyColSubject,
    PolicyColChange,
    AdminPolicyPeriodHint,
    PolicyColFile,

    // Assessment entry detail, import and unit notes (issue 4).
    EntryDetailOpen,
    EntryDetailShortcut,
    EntryDetailClose,
    EntryStatus,
    EntryStatusSubmitted,
    EntryStatusVerified,
    EntryStatusDisputed,
    EntryStatusResolved,
    EntryNote,
    EntryRecommendation,
    EntryTextHint,
    EntrySaveNote,
    EntrySaved,
    EntryNeedsValue,
    EntryEvidence,
    EntryNoEvidence,
    EntryLink,
    EntryUpload,
    EntryUploading,
    EntryUploaded,
    EntryTooLarge,
    EntryWorkflow,
    EntryVerify,
    EntryDispute,
    EntryDisputeReason,
    EntryResolve,
    EntryResolution,
    EntryReasonRequired,
    EntryStepDone,
    EntryFailed,
    EntryNoStep,
    ImportTitle,
    ImportLead,
    ImportFile,
    ImportCheck,
    ImportChecking,
    ImportConfirm,
    ImportCancel,
    ImportNoFile,
    ImportRows,
    ImportValues,
    ImportValuesValid,
    ImportNew,
    ImportChanged,
    ImportUnchanged,
    ImportNoProblem,
    ImportProblems,
    ImportRow,
    ImportColumn,
    ImportProblem,
    ImportWholeFile,
    ImportDone,
    ResNotesHeading,

    // Rubric editor, Dampak panel and the year-over-year split.
    EdPreviewFixRule,
    EdHeading,
    EdLead,
    EdStartFrom,
    EdTemplateKabkota,
    EdTemplateOpd,
    EdEmpty,
    EdStart,
    EdReplaceDraft,
    EdId,
    EdName,
    EdYear,
    EdPopulation,
    EdRounding,
    EdRoundingSpirit,
    EdRoundingTotal,
    EdSpirits,
    EdCode,
    EdWeight,
    EdWeightSum,
    EdIndicators,
    EdSpirit,
    EdOwner,
    EdDescription,
    EdSourceNote,
    EdRuleKind,
    EdRubricDescription,
    EdMoveUp,
    EdMoveDown,
    EdRule,
    EdScale,
    EdCategory,
    EdBoolean,
    EdMin,
    EdMax,
    EdTarget,
    EdDirection,
    EdHigher,
    EdLower,
    EdLabel,
    EdPoints,
    EdAddLabel,
    EdPreview,
    EdAddSpirit,
    EdAddIndicator,
    EdRemove,
    EdRetire,
    EdValid,
    EdProblems,
    EdChanges,
    EdAdded,
    EdRemoved,
    EdReweighted,
    EdRulesChanged,
    EdSpiritsReweighted,
    EdRoundingChanged,
    EdNoChanges,
    EdSave,
    EdDownload,
    ImpHeading,
    ImpLead,
    ImpPeriod,
    ImpChoose,
    ImpLoading,
    ImpInvalid,
    ImpGrades,
    ImpBefore,
    ImpAfter,
    ImpMovers,
    ImpUnit,
    ImpTotal,
    ImpGrade,
    ImpRank,
    ImpChange,
    ImpGainers,
    ImpLosers,
    ImpGradeChanges,
    ImpNoMovers,
    ImpRefused,
    ImpUnits,
    ImpPrevious,
    ImpNext,
    ImpOf,
    YoyHeading,
    YoyLead,
    YoyFromRubric,
    YoyFromValues,
    YoyTotal,
    YoyUnmatched,
    ErrorNetwork,
    ErrorStatus,
    ErrorFormat,
    ErrorLine,
    ErrorColumn,
    ErrorShape,
    ErrorField,
    ErrorExpected,
    /// The aspiration service's texts (`components/aspiration/text.rs`).
    Asp(crate::components::aspiration::text::AspText),
}

/// Translates a message id into the given language.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    let (id, en) = pair(msg);
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// The Indonesian and English text of one message, side by side so they are edited together.
fn pair(msg: Msg) -> (&'static str, &'static str) {
    use Msg::*;
    match msg {
        SkipToContent => ("Langsung ke konten utama", "Skip to main content"),
        MainNavigation => ("Navigasi utama", "Main navigation"),
        SwitchLanguageHint => ("Ganti bahasa tampilan ke bahasa Inggris", "Switch the interface to Indonesian"),
        FooterText => (
            "Sibekisar — implementasi terbuka sistem penilaian budaya kerja CETTAR di Jawa Timur.",
            "Sibekisar — an open implementation of East Java's CETTAR work-culture scoring.",
        ),

        NavHome => ("Beranda", "Home"),
        NavSimulator => ("Simulasi", "Simulator"),
        NavAssessment => ("Penilaian", "Assessment"),
        NavRankings => ("Peringkat", "Rankings"),
        NavScoringRules => ("Cara Penilaian", "How scoring works"),

        SimulatorLead => (
            "Di sini kepala perangkat daerah akan dapat mencoba \"bagaimana jika…\" dan melihat dampaknya pada nilai dan predikat secara langsung.",
            "Here unit heads will be able to try \"what if…\" and see the effect on score and grade instantly.",
        ),
        AssessmentLead => (
            "Di sini perangkat daerah pengampu indikator akan mengisi dan memverifikasi nilai indikator untuk setiap unit.",
            "Here indicator owners will enter and verify indicator values for every unit.",
        ),
        RankingsLead => (
            "Di sini peringkat perangkat daerah, UOBK dan kabupaten/kota akan ditampilkan, masing-masing secara terpisah.",
            "Here the rankings of regional apparatus, special units and regencies/cities will be shown, each separately.",
        ),

        NotFoundTitle => ("Halaman tidak ditemukan", "Page not found"),
        NotFoundText => (
            "Alamat yang Anda buka tidak ada di Sibekisar. Periksa kembali alamatnya atau kembali ke beranda.",
            "The address you opened does not exist in Sibekisar. Check the address or go back home.",
        ),
        NotFoundBackHome => ("Kembali ke beranda", "Back to home"),

        HomeTitle => ("Selamat datang di Sibekisar", "Welcome to Sibekisar"),
        HomeIntro => (
            "Sibekisar menilai seberapa baik setiap unit pemerintahan di Jawa Timur menjalankan budaya kerja CETTAR — Cepat, Efektif & Efisien, Tanggap, Transparan, Akuntabel dan Responsif — lalu memeringkatnya secara terbuka.",
            "Sibekisar scores how well each government unit in East Java lives the CETTAR work culture — Fast, Effective & Efficient, Attentive, Transparent, Accountable and Responsive — and ranks the units openly.",
        ),
        HomeIntroPopulations => (
            "Penilaian dilakukan setiap triwulan untuk perangkat daerah provinsi, unit organisasi bersifat khusus (rumah sakit) dan 38 kabupaten/kota, yang masing-masing diperingkat terpisah.",
            "Assessment happens every quarter for provincial regional apparatus, special organisational units (hospitals) and the 38 regencies/cities, each ranked separately.",
        ),
        HomeAreasHeading => ("Menu utama", "Main areas"),
        HomeCardSimulator => (
            "Coba \"bagaimana jika…\": lihat predikat berubah sebelum nilai dikonfirmasi.",
            "Try \"what if…\": see the grade change before values are confirmed.",
        ),
        HomeCardAssessment => (
            "Pengampu indikator mengisi nilai untuk setiap unit, setiap triwulan.",
            "Indicator owners enter values for every unit, every quarter.",
        ),
        HomeCardRankings => (
            "Peringkat dan perkembangan setiap unit, per kelompok.",
            "Rankings and movement of every unit, per population.",
        ),
        HomeCardScoringRules => (
            "Enam semangat CETTAR, bobot, indikator, predikat dan aturan pembulatan.",
            "The six CETTAR spirits, weights, indicators, grades and the rounding rule.",
        ),
        HomeGradesHeading => ("Predikat", "Grades"),
        HomeGradesText => (
            "Nilai total 0–100 dengan dua angka desimal menentukan predikat:",
            "The total score, 0–100 with two decimals, determines the grade:",
        ),

        // Each role's home (components/home).
        HomeLoadError => ("Data beranda tidak dapat dimuat.", "The home page's data could not be loaded."),
        HomeOpenPeriod => ("Periode terbuka", "Open period"),
        HomeNoOpenPeriod => {
            ("Tidak ada periode yang sedang terbuka untuk pengisian nilai.", "No period is open for entering values.")
        }
        HomeMissingLink => ("unit belum diisi, buka di tabel penilaian", "units missing, open in the assessment grid"),
        HomeOpenGrid => ("buka unit yang belum diisi", "open the units still missing"),
        HomeColIndicator => ("Indikator", "Indicator"),
        HomeColOwner => ("Pengampu", "Owner"),
        HomeColFilled => ("Terisi", "Filled"),
        HomeColMissing => ("Belum diisi", "Missing"),
        HomeColUnverified => ("Belum diverifikasi", "Not yet verified"),
        HomeColDisputed => ("Disanggah", "Disputed"),
        HomeUnitTitle => ("Unit saya", "My unit"),
        HomeUnitNoUnit => (
            "Akun ini belum terhubung ke sebuah unit. Minta administrator Biro Organisasi mengaturnya.",
            "This account is not linked to a unit yet. Ask the Biro Organisasi administrator to set it.",
        ),
        HomeUnitNoResults => {
            ("Belum ada hasil yang diterbitkan untuk unit ini.", "No results have been published for this unit yet.")
        }
        HomeUnitTotal => ("Nilai total", "Total score"),
        HomeUnitRank => ("Peringkat", "Rank"),
        HomeUnitRankOf => ("dari", "of"),
        HomeUnitChangeHeading => ("Perubahan sejak periode sebelumnya", "Change since the previous period"),
        HomeUnitChangeNone => (
            "Belum ada periode sebelumnya yang diterbitkan untuk dibandingkan.",
            "There is no earlier published period to compare with.",
        ),
        HomeUnitComparedWith => ("Dibandingkan dengan", "Compared with"),
        HomeUnitTopGrade => (
            "Unit ini sudah berpredikat A, predikat tertinggi. Pertahankan!",
            "This unit already has grade A, the highest. Keep it up!",
        ),
        HomeUnitPathIntro => (
            "Perubahan indikator paling sedikit yang menaikkan predikat, dihitung dari nilai resmi. Cobalah dan simpan skenarionya di simulasi.",
            "The fewest indicator changes that raise the grade, computed from the official values. Try them and save the scenario in the simulator.",
        ),
        HomeUnitOpenSimulator => ("Buka simulasi untuk unit ini", "Open the simulator on this unit"),
        HomeUnitReport => ("Rapor unit", "Unit report"),
        HomeOwnerTitle => ("Kelengkapan indikator saya", "My indicators' completeness"),
        HomeOwnerIntro => (
            "Untuk setiap indikator yang Anda ampu dan setiap kelompok pada periode terbuka: berapa unit sudah diisi, belum diisi, belum diverifikasi dan disanggah. Angka \"belum diisi\" membuka tabel penilaian hanya dengan unit tersebut.",
            "For each indicator you own and each population in the open period: how many units are filled, missing, not yet verified and disputed. The \"missing\" number opens the assessment grid with just those units.",
        ),
        HomeOwnerNoIndicators => (
            "Akun ini belum memiliki indikator pada periode terbuka. Minta administrator Biro Organisasi mengaturnya.",
            "This account owns no indicator of the open period yet. Ask the Biro Organisasi administrator to set it.",
        ),
        HomeAdminTitle => ("Keadaan periode", "The period's state"),
        HomeAdminIntro => (
            "Periode yang terbuka, nilai yang belum diisi per pengampu, yang menunggu verifikasi dan sanggahan.",
            "The open period, what is still missing per owner, what awaits verification, and disputes.",
        ),
        HomeAdminPerOwner => ("Per pengampu", "Per owner"),
        HomeAdminPerPopulation => ("Per kelompok", "Per population"),
        HomeManagePeriods => ("Kelola periode", "Manage periods"),
        HomeNoOwner => ("(tanpa pengampu)", "(no owner)"),
        GridOnlyMissing => ("Hanya unit yang belum diisi ditampilkan.", "Only units still missing a value are shown."),
        GridShowAll => ("Tampilkan semua unit", "Show every unit"),

        GradeTableCaption => ("Predikat berdasarkan nilai total", "Grade by total score"),
        GradeColumnGrade => ("Predikat", "Grade"),
        GradeColumnInterval => ("Rentang nilai", "Score range"),
        GradeColumnCategory => ("Kategori", "Category"),
        // The categories are the domain's own names; English gives a gloss in brackets.
        GradeCategoryA => ("Sangat Cettar", "Sangat Cettar (excellent)"),
        GradeCategoryB => ("Cettar", "Cettar (good)"),
        GradeCategoryC => ("Cukup Cettar", "Cukup Cettar (fair)"),
        GradeCategoryD => ("Kurang Cettar", "Kurang Cettar (poor)"),
        GradeCategoryE => ("Tidak Cettar", "Tidak Cettar (failing)"),

        RulesTitle => ("Cara Penilaian", "How scoring works"),
        RulesIntro => (
            "Halaman ini menjelaskan aturan penilaian CETTAR yang dipakai Sibekisar, langsung dari berkas rubrik 2023 yang dikirim bersama aplikasi.",
            "This page explains the CETTAR scoring rules Sibekisar uses, read directly from the 2023 rubric files shipped with the app.",
        ),
        RulesLoading => ("Memuat aturan penilaian…", "Loading the scoring rules…"),
        RulesLoadError => (
            "Aturan penilaian tidak dapat dimuat. Periksa koneksi Anda, lalu coba lagi.",
            "The scoring rules could not be loaded. Check your connection, then try again.",
        ),
        RulesRetry => ("Coba lagi", "Try again"),
        RulesErrorDetail => ("Rincian teknis", "Technical detail"),
        RulesSpiritsHeading => ("Enam semangat CETTAR dan bobotnya", "The six CETTAR spirits and their weights"),
        RulesSpiritsText => (
            "Setiap unit dinilai pada enam semangat. Bobot semangat berbeda per tahun dan per kelompok unit; jumlahnya selalu 100.",
            "Every unit is scored on six spirits. Spirit weights differ per year and per population; they always sum to 100.",
        ),
        RulesColumnCode => ("Kode", "Code"),
        RulesColumnSpirit => ("Semangat", "Spirit"),
        RulesColumnMeaning => ("Makna", "Meaning"),
        RulesColumnWeightKabkota => ("Bobot kabupaten/kota", "Weight regency/city"),
        RulesColumnWeightOpd => ("Bobot perangkat daerah", "Weight regional apparatus"),
        RulesTotal => ("Jumlah", "Total"),
        RulesSpiritsCaption => ("Semangat CETTAR dan bobot 2023 (%)", "CETTAR spirits and 2023 weights (%)"),
        RulesUobkNote => (
            "UOBK (unit organisasi bersifat khusus, yaitu rumah sakit provinsi) memakai rubrik perangkat daerah, tetapi diperingkat terpisah.",
            "UOBK (special organisational units, i.e. provincial hospitals) use the regional-apparatus rubric but are ranked separately.",
        ),
        RulesIndicatorsHeading => ("Indikator per semangat", "Indicators per spirit"),
        RulesIndicatorsText => (
            "Nilai semangat adalah rata-rata tertimbang nilai indikatornya (0–100). Setiap indikator diampu oleh satu perangkat daerah pengampu yang mengisi nilainya untuk semua unit. Poin maksimal = bobot semangat × bobot indikator ÷ jumlah bobot indikator.",
            "A spirit's value is the weighted average of its indicator values (0–100). Each indicator has one owner (pengampu) who enters its value for every unit. Maximum points = spirit weight × indicator weight ÷ sum of indicator weights.",
        ),
        RulesIndicatorsCount => ("indikator", "indicators"),
        RulesPopulationKabkota => ("Kabupaten/kota", "Regencies/cities"),
        RulesPopulationOpd => ("Perangkat daerah dan UOBK", "Regional apparatus and UOBK"),
        RulesColumnIndicator => ("Indikator", "Indicator"),
        RulesColumnIndicatorWeight => ("Bobot dalam semangat", "Weight within spirit"),
        RulesColumnMaxPoints => ("Poin maksimal", "Maximum points"),
        RulesColumnOwner => ("Pengampu", "Owner (pengampu)"),
        RulesSpiritWeight => ("bobot", "weight"),
        RulesColumnWeight => ("Bobot", "Weight"),
        RulesGradesHeading => ("Predikat", "Grades"),
        RulesGradesText => (
            "Predikat ditentukan dari nilai total: 81,00 ke atas A, 61,00 ke atas B, 41,00 ke atas C, 21,00 ke atas D, selebihnya E.",
            "The grade comes from the total: 81.00 or more A, 61.00 or more B, 41.00 or more C, 21.00 or more D, otherwise E.",
        ),
        RulesRoundingHeading => ("Perhitungan dan pembulatan", "Computation and rounding"),
        RulesRoundingStep1 => (
            "Untuk setiap semangat, hitung nilai semangat: jumlah (bobot indikator × nilai indikator) dibagi jumlah bobot indikator.",
            "For each spirit, compute its value: the sum of (indicator weight × indicator value) divided by the sum of indicator weights.",
        ),
        RulesRoundingStep2 => (
            "Kontribusi semangat dalam poin = bobot semangat × nilai semangat ÷ 100.",
            "The spirit's contribution in points = spirit weight × spirit value ÷ 100.",
        ),
        RulesRoundingStep3 => (
            "Bulatkan setiap kontribusi ke dua angka desimal, setengah ke atas: angka ketiga 5 atau lebih menaikkan angka kedua (20,245 menjadi 20,25; 20,244 menjadi 20,24).",
            "Round each contribution to two decimals, half up: a third digit of 5 or more raises the second (20.245 becomes 20.25; 20.244 becomes 20.24).",
        ),
        RulesRoundingStep4 => (
            "Nilai total = jumlah keenam kontribusi yang sudah dibulatkan. Predikat diambil dari nilai total itu.",
            "The total = the sum of the six rounded contributions. The grade is taken from that total.",
        ),
        RulesExactNote => (
            "Sibekisar menghitung secara tepat dalam bilangan desimal, tanpa pembulatan tersembunyi oleh komputer, sehingga hasilnya sama sampai sen di peramban dan di server.",
            "Sibekisar computes exactly in decimal numbers, with no hidden rounding by the computer, so the result is identical to the cent in the browser and on the server.",
        ),
        RulesMissingNote => (
            "Indikator yang belum memiliki nilai dihitung 0 dan ditampilkan sebagai \"belum ada nilai\".",
            "An indicator without a value counts as 0 and is shown as \"no value yet\".",
        ),
        RulesTotalOnlyNote => (
            "Sebuah rubrik dapat memilih aturan lain, yaitu hanya membulatkan nilai total; rubrik 2023 memakai pembulatan per semangat seperti di atas.",
            "A rubric may choose another rule, rounding only the total; the 2023 rubrics round per spirit as above.",
        ),
        RulesExampleHeading => ("Contoh perhitungan", "Worked example"),
        RulesExampleIntro => (
            "Enam semangat dengan masing-masing satu indikator, bobot 20/20/15/5/25/15, dan setiap nilai 81 kecuali Akuntabel.",
            "Six spirits with one indicator each, weighted 20/20/15/5/25/15, every value 81 except Akuntabel.",
        ),
        RulesExampleCaseA => ("Akuntabel bernilai 80,98", "Akuntabel scores 80.98"),
        RulesExampleCaseB => ("Akuntabel bernilai 80,94", "Akuntabel scores 80.94"),
        RulesColumnValue => ("Nilai", "Value"),
        RulesColumnExact => ("Kontribusi tepat", "Exact contribution"),
        RulesColumnRounded => ("Dibulatkan", "Rounded"),
        RulesExampleTotal => ("Nilai total", "Total"),
        RulesExampleGrade => ("Predikat", "Grade"),
        RulesExampleConclusion => (
            "Selisih 0,04 pada satu indikator menentukan predikat: kontribusi 20,245 dibulatkan ke atas menjadi 20,25 (total 81,00, predikat A), sedangkan 20,235 menjadi 20,24 (total 80,99, predikat B).",
            "A difference of 0.04 in one indicator decides the grade: a contribution of 20.245 rounds up to 20.25 (total 81.00, grade A), while 20.235 becomes 20.24 (total 80.99, grade B).",
        ),
        RulesSourceNote => (
            "Sumber: rubrik CETTAR 2023 (kabupaten/kota dan perangkat daerah), direkonstruksi dari data resmi Sibekisar 2023.",
            "Source: the CETTAR 2023 rubrics (regencies/cities and regional apparatus), reconstructed from Sibekisar's official 2023 data.",
        ),

        SimIntro => (
            "Coba \"bagaimana jika…\" untuk satu unit: ubah nilai indikator dan lihat nilai total, predikat dan peringkat berubah seketika. Perhitungan berjalan di peramban Anda dengan mesin penilaian yang sama dengan server.",
            "Try \"what if…\" for one unit: change indicator values and see the total, grade and rank change instantly. The computation runs in your browser with the same scoring engine as the server.",
        ),
        SimBannerTitle => ("Mode simulasi.", "Simulation mode."),
        SimBannerText => (
            "Simulasi tidak pernah mengubah data resmi: nilai resmi hanya berubah melalui penilaian oleh pengampu indikator.",
            "A simulation never changes official data: official values change only through assessment by the indicator owners.",
        ),
        SimAccountsNote => (
            "Skenario disimpan di peramban ini. Masuk untuk menyimpannya juga di server, pada akun Anda, agar ikut ke peramban lain.",
            "Scenarios are saved in this browser. Sign in to keep them on the server too, in your account, so they follow you to other browsers.",
        ),
        SimLoading => ("Memuat data…", "Loading data…"),
        SimLoadingUnit => ("Memuat nilai resmi unit…", "Loading the unit's official values…"),
        SimLoadError => (
            "Data simulasi tidak dapat dimuat. Periksa koneksi Anda, lalu coba lagi.",
            "The simulation data could not be loaded. Check your connection, then try again.",
        ),
        SimFromCache => (
            "Anda sedang luring: data ini berasal dari salinan terakhir yang tersimpan di peramban.",
            "You are offline: this data is the last copy saved in this browser.",
        ),
        SimSelectLabel => ("Pilih periode, kelompok dan unit", "Choose period, population and unit"),
        SimPeriod => ("Periode", "Period"),
        SimPopulation => ("Kelompok unit", "Population"),
        SimSearchUnit => ("Cari unit", "Search units"),
        SimSearchPlaceholder => ("mis. Malang", "e.g. Malang"),
        SimUnit => ("Unit", "Unit"),
        SimChooseUnit => ("pilih unit", "choose a unit"),
        SimUnitsFailed => ("Daftar unit tidak dapat dimuat", "The unit list could not be loaded"),
        SimNoPeriods => ("Belum ada periode yang diumumkan.", "No period has been published yet."),
        SimPickUnit => (
            "Pilih unit untuk memulai simulasi dari nilai resminya.",
            "Choose a unit to start simulating from its official values.",
        ),
        SimResultHeading => ("Hasil simulasi", "Simulation result"),
        SimTotal => ("Nilai total", "Total"),
        SimRank => ("Peringkat", "Rank"),
        SimOfficialTotal => ("Nilai resmi", "Official total"),
        SimRecomputed => ("Dihitung ulang dari nilai resmi:", "Recomputed from the official values:"),
        SimRecomputedDiffers => ("— dihitung ulang di peramban:", "— recomputed in the browser:"),
        SimMissingCount => (
            "indikator belum bernilai (dihitung 0); rentang nilai total yang mungkin",
            "indicators have no value (counted as 0); possible total range",
        ),
        SimReset => ("Kembali ke nilai resmi", "Reset to official values"),
        SimShare => ("Bagikan tautan", "Share link"),
        SimShareCopied => (
            "Tautan disalin. Tautan ini membuka skenario yang sama persis:",
            "Link copied. It opens exactly this scenario:",
        ),
        SimShareCopy => (
            "Salin tautan ini untuk membuka skenario yang sama persis:",
            "Copy this link to open exactly this scenario:",
        ),
        SimShareProblems => (
            "Sebagian isi tautan tidak cocok dengan rubrik unit ini dan diabaikan:",
            "Part of the link does not fit this unit's rubric and was ignored:",
        ),
        SimInputsHeading => ("Nilai indikator", "Indicator values"),
        SimInputsHint => (
            "Setiap perubahan langsung dihitung ulang. Nilai dapat ditulis dengan koma atau titik desimal.",
            "Every change is recomputed at once. Values may use a decimal comma or point.",
        ),
        SimContribution => ("kontribusi", "contribution"),
        SimSlider => ("penggeser", "slider"),
        SimRange => ("rentang", "range"),
        SimTarget => ("target", "target"),
        SimHigherBetter => ("makin tinggi makin baik", "higher is better"),
        SimLowerBetter => ("makin rendah makin baik", "lower is better"),
        SimOutOfRange => ("Nilai tidak dipakai: tulis angka antara", "Value not used: enter a number between"),
        SimPoints => ("poin", "points"),
        SimNoValue => ("— belum ada nilai —", "— no value —"),
        SimCategoryHint => {
            ("Pilih kategori; setiap kategori bernilai poin tetap.", "Choose a category; each earns fixed points.")
        }
        SimBooleanHint => ("Ya bernilai 100, tidak bernilai 0.", "Yes scores 100, no scores 0."),
        SimYes => ("Ya", "Yes"),
        SimNo => ("Tidak", "No"),
        SimOwner => ("Pengampu", "Owner (pengampu)"),
        SimOfficial => ("Resmi", "Official"),
        SimScore => ("skor", "score"),
        SimLock => ("Kunci", "Lock"),
        SimLockFor => (
            "Kunci untuk pencarian jalan (unit tidak dapat mengubah):",
            "Lock for the path search (the unit cannot change it):",
        ),
        SimSpiritsHeading => ("Enam semangat CETTAR", "The six CETTAR spirits"),
        SimSpiritsCaption => (
            "Kontribusi setiap semangat terhadap nilai total (poin dari bobotnya)",
            "Each spirit's contribution to the total (points of its weight)",
        ),
        SimBar => ("Grafik batang", "Bar"),
        SimContributionOfWeight => ("Kontribusi / bobot", "Contribution / weight"),
        SimChange => ("Perubahan", "Change"),
        SimRadarTitle => {
            ("Nilai semangat (0–100): resmi dan simulasi", "Spirit scores (0–100): official and simulated")
        }
        SimLegendOfficial => ("Resmi", "Official"),
        SimLegendScenario => ("Simulasi", "Simulation"),
        SimRadarNote => (
            "Garis putus-putus: nilai resmi. Bidang berisi: simulasi.",
            "Dashed line: official values. Filled area: simulation.",
        ),
        SimGoalHeading => ("Jalan menuju nilai", "Path to"),
        SimGoalHeadingAny => ("Jalan menuju target", "Path to a target"),
        SimGoalIntro => (
            "Mesin penilaian mencari perbaikan termurah dari skenario saat ini. Kunci indikator yang tidak dapat diubah unit Anda; bobot usaha (opsional) membuat indikator yang sulit diperbaiki lebih mahal.",
            "The engine finds the cheapest improvements from the current scenario. Lock indicators your unit cannot change; optional effort weights make hard-to-improve indicators cost more.",
        ),
        SimGoalTarget => ("Target", "Target"),
        SimGoalCustom => ("Nilai total tertentu…", "A specific total…"),
        SimGoalTotalLabel => ("Nilai total target (0–100, dua desimal)", "Target total (0–100, two decimals)"),
        SimGoalInvalid => (
            "Tulis nilai total target antara 0 dan 100 dengan paling banyak dua desimal.",
            "Enter a target total between 0 and 100 with at most two decimals.",
        ),
        SimGoalReached => ("Skenario ini sudah mencapai target.", "This scenario already reaches the target."),
        SimGoalUnreachable => ("Tidak tercapai.", "Not reachable."),
        SimGoalBest => (
            "Bahkan dengan nilai penuh pada semua indikator yang tidak dikunci, nilai total terbaik yang mungkin adalah",
            "Even with full marks on every unlocked indicator, the best possible total is",
        ),
        SimGoalSteps => ("perbaikan", "improvements"),
        SimGoalTotalAfter => ("nilai total sesudahnya", "total afterwards"),
        SimGoalCost => ("Biaya rencana (usaha × poin skor):", "Plan cost (effort × score points):"),
        SimGoalApply => ("Terapkan rencana ke skenario", "Apply the plan to the scenario"),
        SimGoalLocked => ("indikator dikunci", "indicators locked"),
        SimEffortsHeading => ("Bobot usaha (opsional)", "Effort weights (optional)"),
        SimEffortsHint => (
            "Biaya per poin skor untuk setiap indikator; kosong berarti 1. Angka lebih besar berarti lebih sulit diperbaiki.",
            "Cost per score point for each indicator; empty means 1. Larger means harder to improve.",
        ),
        SimMarginalHeading => ("Dampak per poin", "Impact per point"),
        SimMarginalIntro => (
            "Berapa nilai total bertambah untuk setiap tambahan satu poin skor pada indikator, diurutkan dari yang paling berdampak. Pembulatan per semangat dapat menggeser hasil ±0,01.",
            "How much the total gains for each extra score point on an indicator, highest payoff first. Per-spirit rounding can shift the result by ±0.01.",
        ),
        SimMarginalCaption => (
            "+1 poin skor pada indikator menambah nilai total sebesar…",
            "+1 score point on an indicator adds to the total…",
        ),
        SimMarginalPerPoint => ("Per +1 poin skor", "Per +1 score point"),
        SimMarginalPerRaw => ("Per +1 nilai mentah", "Per +1 raw unit"),
        SimMarginalHeadroom => ("Sisa menuju target", "Left to target"),
        SimMarginalPotential => ("Tambahan maksimal", "Most it can add"),
        SimScenariosHeading => ("Skenario", "Scenarios"),
        SimScenariosIntro => (
            "Simpan skenario dengan nama di peramban ini, muat kembali, atau bandingkan hingga tiga skenario berdampingan.",
            "Save scenarios by name in this browser, load them back, or compare up to three side by side.",
        ),
        SimCurrentName => ("Skenario saat ini", "Current scenario"),
        SimUnnamed => ("tanpa nama", "unnamed"),
        SimScenarioName => ("Nama skenario", "Scenario name"),
        SimSave => ("Simpan skenario", "Save scenario"),
        SimSaved => ("Skenario disimpan di peramban ini.", "Scenario saved in this browser."),
        SimSaveFailed => (
            "Peramban ini tidak mengizinkan penyimpanan lokal; skenario tidak tersimpan.",
            "This browser does not allow local storage; the scenario was not saved.",
        ),
        SimSavedServer => (
            "Skenario disimpan di peramban ini dan di server, pada akun Anda.",
            "Scenario saved in this browser and on the server, in your account.",
        ),
        SimSavedLocalOnly => (
            "Skenario disimpan di peramban ini; server belum menyimpannya (akan dicoba lagi saat halaman dibuka):",
            "Scenario saved in this browser; the server has not stored it yet (retried when the page opens):",
        ),
        SimServerListFailed => (
            "Skenario di server tidak dapat dibaca; yang tampil hanya yang tersimpan di peramban ini:",
            "Scenarios on the server could not be read; only those saved in this browser are shown:",
        ),
        SimServerDeleteFailed => (
            "Skenario dihapus dari peramban ini, tetapi belum dari server:",
            "Scenario deleted from this browser, but not yet from the server:",
        ),
        SimScenariosSignedIn => (
            "Anda masuk: skenario juga disimpan di server, hanya untuk akun Anda, dan ikut ke peramban lain.",
            "You are signed in: scenarios are also saved on the server, for your account only, and follow you to other browsers.",
        ),
        SimNoSaved => ("Belum ada skenario tersimpan untuk unit ini.", "No saved scenarios for this unit yet."),
        SimLoad => ("Muat", "Load"),
        SimDelete => ("Hapus", "Delete"),
        SimCompareWith => ("Bandingkan", "Compare"),
        SimCompareHint => (
            "Centang hingga tiga skenario untuk dibandingkan dengan nilai resmi dan skenario saat ini.",
            "Tick up to three scenarios to compare with the official values and the current scenario.",
        ),
        SimCompareCaption => ("Perbandingan skenario", "Scenario comparison"),
        SimCurrent => ("Saat ini", "Current"),
        SimChangedCount => ("Indikator yang diubah", "Indicators changed"),

        // Published results (issue 7): Peringkat, unit report card, dashboard, Pendampingan.
        ResLoading => ("Memuat hasil yang sudah diumumkan…", "Loading published results…"),
        ResLoadError => (
            "Hasil tidak dapat dimuat. Periksa koneksi Anda, lalu coba lagi.",
            "The results could not be loaded. Check your connection, then try again.",
        ),
        ResNoPeriods => ("Belum ada periode yang diumumkan.", "No period has been published yet."),
        ResRankingsLead => (
            "Peringkat resmi setiap kelompok unit pada periode yang sudah diumumkan. Pilih kelompok dan periode, urutkan kolom, saring menurut predikat atau cari nama unit; klik satu baris untuk membuka rapornya.",
            "Official rankings of each population in published periods. Choose a population and a period, sort any column, filter by grade or search a unit; click a row to open its report card.",
        ),
        ResPublicNote => (
            "Halaman ini terbuka untuk umum: hanya periode yang sudah diumumkan yang ditampilkan — tanpa draf, berkas bukti, atau data pribadi.",
            "This page is public: only published periods are shown — no drafts, evidence files or personal data.",
        ),
        ResRulesLink => ("Cara penilaian →", "How scoring works →"),
        ResDownloadXlsx => ("Unduh XLSX", "Download XLSX"),
        ResMentoringLink => ("Pendampingan dan penghargaan", "Mentoring and awards"),
        ResPopulation => ("Kelompok unit", "Population"),
        ResFilters => ("Pilihan tampilan peringkat", "Ranking display options"),
        ResPeriod => ("Periode", "Period"),
        ResGradeFilter => ("Predikat", "Grade"),
        ResAllGrades => ("Semua predikat", "All grades"),
        ResSearch => ("Cari unit", "Search unit"),
        ResSearchPlaceholder => ("mis. Surabaya", "e.g. Surabaya"),
        ResShowing => ("Menampilkan", "Showing"),
        ResOf => ("dari", "of"),
        ResUnits => ("unit", "units"),
        ResTableLabel => ("Tabel peringkat (dapat digulir)", "Ranking table (scrollable)"),
        ResTableCaption => (
            "Peringkat resmi; klik judul kolom untuk mengurutkan",
            "Official ranking; activate a column header to sort",
        ),
        ResColRank => ("Peringkat", "Rank"),
        ResColUnit => ("Unit", "Unit"),
        ResColTotal => ("Nilai total", "Total"),
        ResColGrade => ("Predikat", "Grade"),
        ResColMovement => ("Perubahan", "Change"),
        ResColComplete => ("Kelengkapan", "Completeness"),
        ResColRawValue => ("Nilai mentah", "Raw value"),
        ResColScore => ("Skor", "Score"),
        ResColPoints => ("Poin", "Points"),
        ResColContribution => ("Kontribusi (poin)", "Contribution (points)"),
        ResColAverage => ("Rata-rata skor", "Average score"),
        ResColRange => ("Rentang", "Range"),
        ResColReason => ("Alasan", "Reason"),
        ResComplete => ("Lengkap", "Complete"),
        ResIncomplete => ("Belum lengkap", "Incomplete"),
        ResNoPrevious => (
            "Belum ada periode sebelumnya yang diumumkan untuk dibandingkan",
            "No earlier published period to compare with",
        ),
        ResNoPreviousNote => (
            "Kolom perubahan menampilkan “—” karena belum ada periode sebelumnya yang diumumkan untuk kelompok ini.",
            "The change column shows “—” because no earlier period has been published for this population.",
        ),
        ResComparedWith => ("Perubahan dibandingkan dengan", "Change compared with"),
        ResNew => ("baru", "new"),
        ResMovedUp => ("naik", "up"),
        ResMovedDown => ("turun", "down"),
        ResPlaces => ("peringkat", "places"),
        ResPoints => ("poin", "points"),
        ResTiesNote => (
            "Unit dengan nilai total sama berbagi peringkat (1, 2, 2, 4) dan diurutkan menurut nama.",
            "Units with equal totals share a rank (1, 2, 2, 4) and are listed by name.",
        ),
        ResUnitTitle => ("Rapor unit", "Unit report card"),
        ResUnitNotFound => (
            "Unit ini tidak ditemukan pada periode yang sudah diumumkan.",
            "This unit was not found in a published period.",
        ),
        ResBackToRankings => ("← Kembali ke peringkat", "← Back to the rankings"),
        ResNoResult => {
            ("Nilai resmi unit ini belum dihitung.", "This unit's official score has not been computed yet.")
        }
        ResReportCard => ("Rapor CETTAR", "CETTAR report card"),
        ResSavePdf => ("Simpan PDF", "Save as PDF"),
        ResTryInSimulator => ("Coba di Simulasi", "Try in the simulator"),
        ResSpiritsHeading => ("Nilai per semangat", "Score per spirit"),
        ResIndicatorsHeading => ("Nilai per indikator", "Score per indicator"),
        ResIndicatorsNote => (
            "Nilai mentah diisi pengampu; skor (0–100) hasil konversi aturan rubrik; poin = sumbangan indikator pada nilai total. Indikator tanpa nilai dihitung 0.",
            "Raw values are entered by the owner; the score (0–100) is the rubric rule's conversion; points are the indicator's share of the total. An indicator without a value counts as 0.",
        ),
        ResMissingValue => ("tidak ada nilai", "no value"),
        ResYes => ("Ya", "Yes"),
        ResNo => ("Tidak", "No"),
        ResWalkHeading => ("Bagaimana nilai ini dihitung", "How this score is built"),
        ResWalkIndicators => (
            "Skor setiap indikator dirata-ratakan dengan bobotnya menjadi nilai semangat (tabel di atas).",
            "Each indicator's score is averaged with its weight into the spirit's value (table above).",
        ),
        ResWalkTotal => ("Nilai total = jumlah kontribusi:", "Total = sum of the contributions:"),
        ResWalkGrade => ("Predikat dari nilai total:", "Grade from the total:"),
        ResWalkRounding => (
            "Setiap kontribusi dibulatkan setengah ke atas menjadi dua desimal sebelum dijumlahkan.",
            "Each contribution is rounded half-up to two decimals before the sum.",
        ),
        ResComputedAt => ("Dihitung pada", "Computed at"),
        ResDashboardHeading => ("Dasbor provinsi", "Province dashboard"),
        ResDashboardIntro => (
            "Ringkasan hasil periode terakhir yang sudah diumumkan: sebaran predikat, rata-rata per semangat, indikator terlemah, dan peta panas unit × semangat.",
            "Summary of the latest published period: grade distribution, average per spirit, weakest indicators and a heat-map of units × spirits.",
        ),
        ResSeeRankings => ("Lihat peringkat lengkap →", "See the full rankings →"),
        ResDistributionTitle => ("Sebaran predikat", "Grade distribution"),
        ResSpiritAverageTitle => ("Rata-rata nilai per semangat (0–100)", "Average score per spirit (0–100)"),
        ResSpiritAverageNote => ("Garis tipis = 100.", "Thin line = 100."),
        ResTrendTitle => ("Rata-rata nilai total per periode", "Average total per period"),
        ResTrendSingle => (
            "Baru satu periode yang diumumkan, jadi tren belum dapat dibaca: grafik ini menampilkan satu titik.",
            "Only one period has been published, so there is no trend yet: the chart shows a single point.",
        ),
        ResLowestHeading => ("Indikator dengan rata-rata terendah", "Indicators with the lowest average"),
        ResLowestNote => (
            "Di sinilah provinsi paling dapat membantu: lima indikator dengan rata-rata skor terendah pada kelompok yang dipilih, dengan pengampunya.",
            "This is where the province can help most: the five indicators with the lowest average score in the chosen population, with their owners.",
        ),
        ResLowestCaption => ("Lima indikator terlemah", "Five weakest indicators"),
        ResHeatTitle => ("Peta panas unit × semangat", "Heat-map of units × spirits"),
        ResHeatLegend => (
            "Warna sel mengikuti rentang predikat (A ≥ 81, B ≥ 61, C ≥ 41, D ≥ 21, E di bawahnya); angkanya selalu tertulis.",
            "Cell colours follow the grade bands (A ≥ 81, B ≥ 61, C ≥ 41, D ≥ 21, E below); the number is always written.",
        ),
        ResMentoringTitle => ("Pendampingan dan penghargaan", "Mentoring and awards"),
        ResMentoringLead => (
            "Dihitung dari hasil yang sudah diumumkan: daftar pantauan (predikat C ke bawah atau nilai turun lebih dari batas) untuk pendampingan, dan unit terbaik setiap kelompok untuk Festival Birokrasi.",
            "Computed from published results: the watch-list (grade C or below, or a fall beyond the threshold) for mentoring, and each population's best units for the Festival Birokrasi.",
        ),
        ResFallThreshold => {
            ("Masuk pantauan jika nilai turun lebih dari (poin)", "Watch when the total falls by more than (points)")
        }
        ResRewardHeading => ("Kandidat penghargaan (tiga teratas)", "Award candidates (top three)"),
        ResWatchHeading => ("Daftar pantauan", "Watch-list"),
        ResWatchEmpty => ("Tidak ada unit dalam daftar pantauan.", "No unit is on the watch-list."),
        ResWatchLowGrade => ("predikat C atau di bawahnya", "grade C or below"),
        ResWatchFalling => ("nilai turun", "total fell"),

        // Accounts and the assessor's grid.
        AuthSignIn => ("Masuk", "Sign in"),
        AuthSigningIn => ("Sedang masuk…", "Signing in…"),
        AuthSignInLead => (
            "Masuk untuk mengisi, memeriksa atau meninjau penilaian. Halaman publik (peringkat, simulasi) tidak memerlukan akun.",
            "Sign in to enter, check or review assessments. The public pages (rankings, simulator) need no account.",
        ),
        AuthAlreadySignedIn => ("Anda sudah masuk sebagai", "You are signed in as"),
        AuthUsername => ("Nama pengguna", "Username"),
        AuthPassword => ("Kata sandi", "Password"),
        AuthDemoAccounts => ("Akun demo", "Demo accounts"),
        AuthDemoAccountsLead => (
            "Server ini berjalan dalam mode demo. Klik salah satu akun untuk mengisi formulir; kata sandi semua akun demo:",
            "This server runs in demo mode. Click an account to fill the form; the password of every demo account:",
        ),
        AuthSignOut => ("Keluar", "Sign out"),
        AuthSignOutPending => ("Perubahan yang belum terkirim:", "Changes not sent yet:"),
        AuthSignOutPendingKept => (
            "Perubahan itu tetap tersimpan di peramban ini dan dikirim saat Anda masuk lagi. Tetap keluar?",
            "They stay in this browser and are sent when you sign in again. Sign out anyway?",
        ),
        AuthChecking => ("Memeriksa sesi…", "Checking your session…"),
        AuthChangePassword => ("Ganti kata sandi", "Change password"),
        AuthPasswordRules => (
            "Kata sandi minimal 10 karakter dan tidak boleh sama dengan nama pengguna.",
            "A password has at least 10 characters and must differ from the username.",
        ),
        AuthCurrentPassword => ("Kata sandi saat ini", "Current password"),
        AuthNewPassword => ("Kata sandi baru", "New password"),
        AuthRepeatPassword => ("Ulangi kata sandi baru", "Repeat the new password"),
        AuthPasswordsDiffer => {
            ("Kata sandi baru dan ulangannya tidak sama.", "The new password and its repetition differ.")
        }
        AuthPasswordChanged => (
            "Kata sandi sudah diganti. Sesi di perangkat lain diakhiri.",
            "Password changed. Sessions on other devices were ended.",
        ),
        AuthSavePassword => ("Simpan kata sandi", "Save password"),
        AuthSetupTitle => ("Atur kata sandi", "Set your password"),
        AuthSetupChecking => ("Memeriksa tautan…", "Checking the link…"),
        AuthSetupLead => (
            "Tautan sekali pakai ini untuk mengatur kata sandi akun Anda.",
            "This one-time link sets the password of your account.",
        ),
        AuthSetupFirstAdmin => (
            "Tautan ini membuat akun administrator pertama. Pilih nama pengguna dan kata sandi.",
            "This link creates the first administrator account. Choose a username and a password.",
        ),
        AuthSetupInactive => (
            "Kata sandi disimpan, tetapi akun Anda belum aktif. Hubungi administrator.",
            "Password saved, but your account is not active. Contact the administrator.",
        ),
        AuthDisplayName => ("Nama tampilan", "Display name"),
        AssessIntro => (
            "Pilih periode dan kelompok unit, lalu isi nilai mentah indikator Anda seperti di lembar kerja: panah, Enter dan Tab berpindah sel; kolom dari Excel atau Google Sheets dapat ditempel. Pekerjaan tersimpan otomatis di peramban sebagai draf sampai Anda menekan Kirim.",
            "Choose a period and a group of units, then enter your indicators' raw values as in a spreadsheet: arrows, Enter and Tab move between cells; a column from Excel or Google Sheets can be pasted. Work is saved in the browser as a draft until you press Send.",
        ),
        AssessRubricBroken => ("Rubrik periode ini tidak dapat dibaca.", "This period's rubric cannot be read."),
        AssessLoadError => ("Data penilaian tidak dapat dimuat.", "The assessment data could not be loaded."),
        AssessFromCache => (
            "Server tidak terjangkau: ditampilkan salinan terakhir yang tersimpan di peramban ini.",
            "The server cannot be reached: showing the last copy saved in this browser.",
        ),
        AssessPeriodClosed => (
            "Periode ini tidak terbuka untuk pengisian; nilai hanya dapat dibaca.",
            "This period is not open for entry; values are read only.",
        ),
        AssessReadOnly => ("Peran Anda hanya dapat membaca nilai di sini.", "Your role can only read the values here."),
        AssessIndicators => ("Indikator", "Indicators"),
        AssessSubmit => ("Kirim", "Send"),
        AssessQueued => ("perubahan masuk antrean kirim.", "changes queued for sending."),
        AssessInvalidKept => {
            ("sel masih salah (merah) dan belum dikirim.", "cells are still wrong (red) and were not sent.")
        }
        AssessPasted => ("sel diisi dari tempelan.", "cells filled from the paste."),
        AssessPasteDropped => (
            "nilai tidak ditempel (di luar tabel atau kolom yang tidak dapat diubah).",
            "values not pasted (outside the table or on a read-only column).",
        ),
        AssessDraftCount => ("draf belum dikirim", "drafts not sent"),
        AssessScore => ("Nilai konversi (0–100)", "Converted score (0–100)"),
        AssessCellDetails => ("Rincian sel", "Cell details"),
        AssessServerValue => ("Nilai di server", "Value on the server"),
        AssessVersion => ("Versi", "Version"),
        AssessChangedBy => ("diubah oleh", "changed by"),
        AssessNoEntry => ("Belum ada nilai di server.", "No value on the server yet."),
        AssessHistory => ("Riwayat", "History"),
        AssessHistoryFailed => ("Riwayat tidak dapat dimuat.", "The history could not be loaded."),
        AssessHistoryEmpty => ("Belum ada perubahan.", "No changes yet."),
        AssessMine => ("Nilai saya", "My value"),
        AssessTheirs => ("Nilai di server", "Value on the server"),
        AssessKeepMine => ("Pakai nilai saya", "Keep mine"),
        AssessTakeTheirs => ("Pakai nilai server", "Take the server's"),
        AssessConflictTitle => ("Konflik: nilai sudah diubah orang lain", "Conflict: someone else changed the value"),
        AssessConflictLead => (
            "Sel ini diubah di server setelah Anda membukanya. Tidak ada yang ditimpa; pilih nilai yang berlaku.",
            "This cell changed on the server after you opened it. Nothing was overwritten; choose the value that stands.",
        ),
        AssessRejectedTitle => ("Perubahan ditolak server", "Changes refused by the server"),
        AssessDismiss => ("Tutup", "Dismiss"),
        AssessOnline => ("Daring", "Online"),
        AssessOffline => ("Luring (offline)", "Offline"),
        AssessUnreachable => ("Server tidak terjangkau", "Server unreachable"),
        AssessPending => ("menunggu dikirim", "waiting to be sent"),
        AssessSending => ("Mengirim…", "Sending…"),
        AssessLastSync => ("terakhir sinkron", "last synced"),
        AssessNeverSynced => ("belum sinkron", "not synced yet"),
        AssessSignedOut => (
            "Sesi berakhir: masuk lagi untuk mengirim perubahan yang menunggu.",
            "Your session ended: sign in again to send the waiting changes.",
        ),
        AssessServerProblem => {
            ("Server menolak sementara; dicoba lagi otomatis.", "The server refused for now; retrying automatically.")
        }

        // Administration (`/admin`, issues 4 and 5): users, API tokens, security log, periods, rubrics.
        NavAdmin => ("Admin", "Admin"),
        AdminTitle => ("Administrasi", "Administration"),
        AdminTabUsers => ("Pengguna", "Users"),
        AdminTabTokens => ("Token API", "API tokens"),
        AdminTabAudit => ("Log keamanan", "Security log"),
        AdminTabPeriods => ("Periode", "Periods"),
        AdminTabRubrics => ("Rubrik", "Rubrics"),
        AdminTabUnits => ("Unit", "Units"),
        UnitLead => (
            "Daftar unit yang dinilai (perangkat daerah, UOBK, kabupaten/kota, …). Unit baru langsung ikut periode yang sedang dibuka; unit yang dinonaktifkan keluar dari periode terbuka bila belum punya nilai. Unit tidak pernah dihapus.",
            "The units that are assessed (regional apparatus, UOBK, regencies and cities, …). A new unit joins the open periods at once; a deactivated unit leaves open periods where it has no values. Units are never deleted.",
        ),
        UnitAdd => ("Tambah unit", "Add a unit"),
        UnitCode => ("Kode", "Code"),
        UnitName => ("Nama", "Name"),
        UnitPopulation => ("Populasi", "Population"),
        UnitParent => ("Unit induk (kode, opsional)", "Parent unit (code, optional)"),
        UnitParentShort => ("Induk", "Parent"),
        UnitChoose => ("— pilih —", "— choose —"),
        UnitFilter => ("Cari unit", "Find a unit"),
        UnitAllPopulations => ("Semua populasi", "All populations"),
        UnitShowInactive => ("Tampilkan unit nonaktif", "Show inactive units"),
        UnitActions => ("Tindakan", "Actions"),
        UnitActive => ("Aktif", "Active"),
        UnitInactive => ("Nonaktif", "Inactive"),
        UnitRename => ("Ganti nama", "Rename"),
        UnitRenamePrompt => (
            "Nama baru (periode yang sudah ditutup tetap memakai nama lama) untuk",
            "New name (closed periods keep the old name) for",
        ),
        UnitDeactivate => ("Nonaktifkan", "Deactivate"),
        UnitActivate => ("Aktifkan", "Activate"),
        UnitDeactivateConfirm => (
            "Nonaktifkan unit ini? Unit keluar dari periode terbuka yang belum berisi nilainya; nilai dan riwayatnya tetap tersimpan.",
            "Deactivate this unit? It leaves the open periods that hold none of its values; its values and history are kept.",
        ),
        UnitActivateConfirm => ("Aktifkan kembali unit ini?", "Activate this unit again?"),
        UnitRegistered => ("Unit terdaftar", "Unit registered"),
        UnitSaved => ("Perubahan disimpan", "Change saved"),
        UnitNone => ("Tidak ada unit yang cocok.", "No unit matches."),
        UnitFormerly => ("dahulu:", "formerly:"),
        UnitAddPopulation => ("Tambah populasi", "Add a population"),
        UnitPopulationLead => (
            "Populasi adalah kelompok unit yang diperingkat bersama, misalnya kecamatan atau BUMD.",
            "A population is a group of units ranked together, for example districts or regional enterprises.",
        ),
        UnitPopulationName => ("Nama populasi", "Population name"),
        UnitPopulationNameEn => ("Nama dalam bahasa Inggris", "Name in English"),
        UnitPopulationAdded => ("Populasi ditambahkan", "Population added"),
        UnitImportTitle => ("Impor unit dari CSV atau XLSX", "Import units from CSV or XLSX"),
        UnitImportLead => (
            "Baris judul: kode,nama,populasi,induk (atau code,name,population,parent; kolom induk opsional). Uji coba dulu: setiap masalah ditunjukkan per baris dan kolom, dan tidak ada yang disimpan sebelum Anda mengonfirmasi. Kode yang sudah ada memperbarui nama dan induknya, jadi berkas yang sama dua kali tidak mengubah apa pun.",
            "Header row: code,name,population,parent (or kode,nama,populasi,induk; the parent column is optional). Check first: every problem is shown by row and column, and nothing is stored until you confirm. An existing code updates its name and parent, so the same file twice changes nothing.",
        ),
        UnitImportUnits => ("unit", "units"),
        SetupTitle => ("Mulai", "Get started"),
        SetupLead => (
            "Instalasi baru: ikuti langkah berikut. Daftar ini hilang setelah periode pertama dibuka.",
            "A new installation: follow these steps. This list disappears once the first period is open.",
        ),
        SetupPopulations => (
            "Periksa populasi (kelompok unit yang diperingkat)",
            "Check the populations (groups of units ranked together)",
        ),
        SetupUnits => ("Daftarkan unit (impor CSV/XLSX)", "Register the units (import CSV/XLSX)"),
        SetupRubric => ("Unggah rubrik", "Upload a rubric"),
        SetupPeriod => ("Buat periode penilaian", "Create an assessment period"),
        SetupOwners => (
            "Undang pengampu indikator (akun dengan tautan set-up)",
            "Invite the indicator owners (accounts with set-up links)",
        ),
        SetupOpen => ("Buka periode", "Open the period"),
        SetupDone => ("selesai", "done"),
        SetupNotDone => ("belum", "not yet"),
        SetupTemplates => {
            ("atau pakai templat bawaan 2023 (Jawa Timur):", "or use the shipped 2023 templates (East Java):")
        }
        SetupTemplateKabkota => ("rubrik kabupaten/kota 2023", "regency/city rubric 2023"),
        SetupTemplateOpd => ("rubrik perangkat daerah 2023", "regional apparatus rubric 2023"),
        AdminForbiddenTitle => ("Akses ditolak", "Access denied"),
        AdminForbiddenText => (
            "Halaman administrasi hanya untuk administrator (Biro Organisasi). Akun Anda tidak memiliki hak ini (kode 403).",
            "The administration pages are for administrators (Biro Organisasi) only. Your account does not have this right (code 403).",
        ),
        AdminRole => ("Peran", "Role"),
        AdminScope => ("Cakupan", "Scope"),
        AdminStatus => ("Status", "Status"),
        AdminActions => ("Tindakan", "Actions"),
        AdminActive => ("Aktif", "Active"),
        AdminInactive => ("Nonaktif", "Inactive"),
        AdminNoPassword => ("belum mengatur kata sandi", "no password set yet"),
        AdminScopeAll => ("Semua", "Everything"),
        AdminNewUser => ("Tambah pengguna", "Add a user"),
        AdminEditUser => ("Ubah pengguna", "Edit user"),
        AdminEdit => ("Ubah", "Edit"),
        AdminCancel => ("Batal", "Cancel"),
        AdminSave => ("Simpan", "Save"),
        AdminCreateUser => ("Buat pengguna dan tautan", "Create user and link"),
        AdminResetLink => ("Buat tautan reset", "Create reset link"),
        AdminIndicators => ("Indikator yang diampu", "Indicators owned"),
        AdminTokenIndicators => ("Indikator yang boleh ditulis token ini", "Indicators this token may write"),
        AdminUnit => ("Perangkat daerah", "Unit"),
        AdminChooseUnit => ("— pilih unit —", "— choose a unit —"),
        AdminLinkFor => ("Tautan sekali pakai untuk", "One-time link for"),
        AdminLinkWarning => (
            "Tautan ini hanya ditampilkan sekali: salin sekarang dan kirimkan langsung kepada pemiliknya. Tautan berlaku 72 jam dan hanya dapat dipakai satu kali.",
            "This link is shown only once: copy it now and send it to its owner directly. It is valid for 72 hours and works only once.",
        ),
        AdminLinkExpires => ("Berlaku sampai", "Valid until"),
        AdminCopy => ("Salin", "Copy"),
        AdminCopied => ("Tersalin", "Copied"),
        AdminUserSaved => ("Perubahan pengguna tersimpan.", "User changes saved."),
        AdminTokenName => ("Nama token", "Token name"),
        AdminCreateToken => ("Buat token", "Create token"),
        AdminTokenSecret => ("Token rahasia", "Secret token"),
        AdminTokenWarning => (
            "Token ini hanya ditampilkan sekali. Simpan sekarang di sistem yang akan memakainya; setelah halaman ini ditinggalkan token tidak dapat dilihat lagi.",
            "This token is shown only once. Store it now in the system that will use it; once you leave this page it cannot be seen again.",
        ),
        AdminName => ("Nama", "Name"),
        AdminCreated => ("Dibuat", "Created"),
        AdminLastUsed => ("Terakhir dipakai", "Last used"),
        AdminNever => ("belum pernah", "never"),
        AdminRevoked => ("Dicabut", "Revoked"),
        AdminRevoke => ("Cabut", "Revoke"),
        AdminRevokeConfirm => (
            "Cabut token ini? Sistem yang memakainya langsung tidak dapat mengirim nilai lagi. Tindakan ini tidak dapat dibatalkan.",
            "Revoke this token? The system using it can no longer send values, at once. This cannot be undone.",
        ),
        AdminTime => ("Waktu", "Time"),
        AdminEvent => ("Peristiwa", "Event"),
        AdminActor => ("Pelaku", "Actor"),
        AdminSubject => ("Subjek", "Subject"),
        AdminDetail => ("Rincian", "Detail"),
        AdminIp => ("Alamat IP", "IP address"),
        AdminLoadMore => ("Muat lebih banyak", "Load more"),
        AdminYear => ("Tahun", "Year"),
        AdminKind => ("Jenis periode", "Period kind"),
        AdminRubricFor => ("Rubrik untuk setiap populasi", "Rubric for each population"),
        AdminNoRubric => ("— tidak dinilai —", "— not assessed —"),
        AdminNewPeriod => ("Periode baru", "New period"),
        AdminCreatePeriod => ("Buat periode", "Create period"),
        AdminPeriodCreated => ("Periode dibuat sebagai draf:", "Period created as a draft:"),
        AdminPeriodChanged => ("Status periode diubah:", "Period state changed:"),
        AdminOpen => ("Buka pengisian", "Open for entry"),
        AdminClose => ("Kunci", "Lock"),
        AdminPublish => ("Terbitkan", "Publish"),
        AdminReopen => ("Buka kembali", "Reopen"),
        AdminConfirmOpen => (
            "Buka periode ini untuk pengisian? Pengampu indikator dan sistem instansi lain dapat mulai mengisi dan mengubah nilai.",
            "Open this period for entry? Indicator owners and other agencies' systems can start entering and changing values.",
        ),
        AdminConfirmClose => (
            "Kunci periode ini? Setelah dikunci, nilai tidak dapat diubah dan nilai resmi dihitung ulang. Periode hanya dapat dibuka kembali dengan alasan yang dicatat.",
            "Lock this period? Once locked, values cannot be changed and the official scores are recomputed. It can only be reopened with a recorded reason.",
        ),
        AdminConfirmPublish => (
            "Terbitkan periode ini? Hasil dan peringkat menjadi terbuka untuk publik, dan periode yang sudah diterbitkan tidak dapat dibuka kembali.",
            "Publish this period? Results and rankings become public, and a published period cannot be reopened.",
        ),
        AdminReopenReason => (
            "Alasan membuka kembali periode ini (wajib, dicatat dalam log periode). Setelah dibuka, nilai dapat diubah lagi:",
            "Why is this period reopened? (required, recorded in the period log). Once reopened, values can be changed again:",
        ),
        AdminVersionId => ("Versi", "Version"),
        AdminPopulation => ("Populasi", "Population"),
        AdminUploadRubric => ("Unggah rubrik", "Upload a rubric"),
        AdminRubricHint => (
            "Versi rubrik tidak pernah berubah: dokumen yang diubah disimpan sebagai versi baru, sehingga nilai periode yang memakai versi lama tetap dapat dihitung ulang.",
            "Rubric versions never change: a changed document is stored as a new version, so periods using an older version can still be recomputed.",
        ),
        AdminRubricFile => ("Berkas rubrik (JSON)", "Rubric file (JSON)"),
        AdminRubricPaste => (
            "Isi JSON rubrik (terisi dari berkas, atau tempel di sini)",
            "Rubric JSON (filled from the file, or paste it here)",
        ),
        AdminRubricStored => ("Rubrik tersimpan sebagai versi baru:", "Rubric stored as a new version:"),
        AdminRubricExists => {
            ("Rubrik yang sama sudah tersimpan sebagai versi:", "The same rubric is already stored as version:")
        }
        AdminRubricProblems => (
            "Rubrik ditolak. Perbaiki masalah berikut (lokasi dalam dokumen, lalu masalahnya):",
            "The rubric was refused. Fix these problems (place in the document, then the problem):",
        ),

        // Mentoring status and notes, webinar mode (issue 7, pages/mentoring.rs, pages/webinar.rs).
        MenColStatus => ("Status pendampingan", "Mentoring status"),
        MenColNote => ("Catatan terakhir", "Latest note"),
        MenStatusOpen => ("Belum ditindaklanjuti", "Not yet followed up"),
        MenStatusScheduled => ("Dijadwalkan", "Scheduled"),
        MenStatusInProgress => ("Sedang didampingi", "Being mentored"),
        MenStatusDone => ("Selesai", "Done"),
        MenSignInToSee => (
            "Status dan catatan pendampingan hanya untuk Biro Organisasi (administrator) dan peninjau. Masuk untuk melihatnya.",
            "Mentoring status and notes are for Biro Organisasi (administrators) and viewers only. Sign in to see them.",
        ),
        MenNoAccess => (
            "Akun Anda tidak dapat melihat atau mengubah catatan pendampingan.",
            "Your account cannot see or change mentoring notes.",
        ),
        MenReadOnly => (
            "Anda masuk sebagai peninjau: status dan catatan pendampingan hanya dapat dibaca.",
            "You are signed in as a viewer: mentoring status and notes are read only.",
        ),
        MenLoadFailed => ("Status pendampingan tidak dapat dimuat:", "Mentoring status could not be loaded:"),
        MenFollowUp => ("Tindak lanjuti", "Follow up"),
        MenFormHeading => ("Catat tindak lanjut pendampingan", "Record mentoring follow-up"),
        MenFormUnit => ("Perangkat daerah dalam pantauan", "Unit on the watch-list"),
        MenFormStatus => ("Status baru", "New status"),
        MenFormKeepStatus => ("(status tidak berubah)", "(status unchanged)"),
        MenFormNote => (
            "Catatan (tercatat dengan nama dan tanggal, tidak dapat dihapus)",
            "Note (recorded with name and date, cannot be deleted)",
        ),
        MenFormSave => ("Simpan", "Save"),
        MenFormSaving => ("Menyimpan…", "Saving…"),
        MenFormSaved => ("Tersimpan.", "Saved."),
        MenFormEmpty => (
            "Pilih perangkat daerah, lalu pilih status baru atau tulis catatan.",
            "Choose a unit, then choose a new status or write a note.",
        ),
        MenHistory => ("Riwayat tindak lanjut", "Follow-up history"),
        WebToggle => ("Mode webinar", "Webinar mode"),
        WebToggleHint => (
            "Huruf besar dan kontras tinggi untuk berbagi layar (diingat di peramban ini)",
            "Large type and high contrast for screen sharing (remembered in this browser)",
        ),
        WebNav => ("Webinar", "Webinar"),
        WebTitle => ("Webinar: cara nilai CETTAR dibentuk", "Webinar: how a CETTAR score is built"),
        WebLead => (
            "Untuk pemandu sosialisasi: langkah demi langkah dari nilai mentah indikator sampai predikat, dengan angka resmi periode yang sudah diumumkan, dan sandbox latihan yang tidak pernah mengubah data resmi. Nyalakan «Mode webinar» di kepala halaman untuk huruf besar dan kontras tinggi.",
            "For trainers: step by step from raw indicator values to the grade, with the official numbers of the published period, and a practice sandbox that never changes official data. Turn on «Webinar mode» in the header for large type and high contrast.",
        ),
        WebPopulation => ("Kelompok penilaian", "Population"),
        WebWalkHeading => {
            ("Langkah demi langkah: dari nilai mentah ke predikat", "Step by step: from raw values to the grade")
        }
        WebStep => ("Langkah", "Step"),
        WebOf => ("dari", "of"),
        WebPrevious => ("← Sebelumnya", "← Previous"),
        WebNext => ("Berikutnya →", "Next →"),
        WebKeysHint => (
            "Tombol panah kiri/kanan juga berpindah langkah saat bagian ini terpilih.",
            "The left/right arrow keys also change step while this part has focus.",
        ),
        WebIntro => (
            "Nilai mentah setiap indikator diubah menjadi skor 0–100 oleh aturan indikatornya; skor indikator dirata-rata berbobot menjadi skor semangat; skor semangat dikali bobot semangat menjadi kontribusi yang dibulatkan setengah ke atas ke dua desimal; jumlahnya adalah nilai total, dan nilai total menentukan predikat.",
            "Each indicator's raw value becomes a 0–100 score by its rule; indicator scores are averaged with weights into the spirit score; the spirit score times the spirit weight is the contribution, rounded half-up to two decimals; their sum is the total, and the total decides the grade.",
        ),
        WebMissingList => ("Indikator tanpa nilai (dihitung 0):", "Indicators without a value (counted as 0):"),
        WebMissingValue => ("kosong (dihitung 0)", "empty (counted as 0)"),
        WebSpirit => ("Semangat", "Spirit"),
        WebWeight => ("bobot", "weight"),
        WebIndicator => ("Indikator", "Indicator"),
        WebRawValue => ("Nilai mentah", "Raw value"),
        WebIndicatorScore => ("Skor (0–100)", "Score (0–100)"),
        WebSpiritScoreRule => {
            ("Skor semangat = Σ (bobot × skor) ÷ Σ bobot", "Spirit score = Σ (weight × score) ÷ Σ weight")
        }
        WebContributionRule => {
            ("Kontribusi = skor semangat × bobot semangat ÷ 100", "Contribution = spirit score × spirit weight ÷ 100")
        }
        WebRoundedTo => ("Dibulatkan setengah ke atas ke dua desimal:", "Rounded half-up to two decimals:"),
        WebContributionsHeading => ("Kontribusi setiap semangat", "Each spirit's contribution"),
        WebSpiritScore => ("Skor semangat", "Spirit score"),
        WebExactContribution => ("Kontribusi tepat", "Exact contribution"),
        WebRounded => ("Dibulatkan", "Rounded"),
        WebTotalPerSpirit => {
            ("Nilai total = jumlah kontribusi yang sudah dibulatkan", "Total = sum of the rounded contributions")
        }
        WebTotalOnce => (
            "Nilai total = jumlah kontribusi tepat, dibulatkan sekali",
            "Total = sum of the exact contributions, rounded once",
        ),
        WebTotalHeading => ("Nilai total dan predikat", "Total and grade"),
        WebGradeRule => ("Batas predikat", "Grade thresholds"),
        WebOfficialTotal => ("Nilai resmi yang diumumkan", "Published official total"),
        WebMatches => ("sama persis", "identical"),
        WebDiffers => ("berbeda", "different"),
        WebSandboxHeading => ("Sandbox latihan", "Practice sandbox"),
        WebSandboxLabel => ("Sandbox — tidak mengubah data resmi", "Sandbox — does not change official data"),
        WebSandboxLead => (
            "Salinan nilai mentah semua unit dalam kelompok ini, disimpan hanya di peramban ini. Ubah nilai indikator sebuah unit: nilai total, predikat dan peringkat dihitung ulang langsung oleh mesin penilaian yang sama. Tidak ada yang dikirim ke server.",
            "A copy of the raw values of every unit in this population, kept only in this browser. Change a unit's indicator values: totals, grades and ranks are recomputed at once by the same scoring engine. Nothing is sent to the server.",
        ),
        WebSandboxReset => ("Atur ulang sandbox", "Reset sandbox"),
        WebSandboxChangedUnits => ("Unit yang diubah:", "Units changed:"),
        WebSandboxEdit => ("Ubah nilai unit", "Change the values of"),
        WebColOfficial => ("Resmi", "Official"),
        WebColSandbox => ("Sandbox", "Sandbox"),
        WebColChange => ("Selisih", "Difference"),

        // Work-system policy monitor (issue 8, pages/policy.rs).
        PolicyTitle => ("Sistem Kerja", "Work system"),
        PolicyLead => (
            "Pemantauan implementasi kebijakan sistem kerja (Permenpan RB 7/2022): sejauh mana setiap pemerintah kabupaten/kota dan provinsi menjalankan tahapannya.",
            "Monitoring of the work-system policy (Permenpan RB 7/2022): how far each regency/city government and the province has got through its stages.",
        ),
        PolicyStallDays => ("Macet bila tanpa perubahan selama (hari)", "Stalled after this many days without change"),
        PolicyNotAvailable => {
            ("Data ini belum dipublikasikan; masuk untuk melihatnya.", "This data is not published; sign in to see it.")
        }
        PolicyLoadFailed => ("Data tidak dapat dimuat.", "The data could not be loaded."),
        PolicyDemoNote => (
            "Data contoh (mode demo): bukan fakta tentang pemerintah daerah mana pun.",
            "Sample data (demo mode): not facts about any government.",
        ),
        PolicyOf => ("dari", "of"),
        PolicyGovernments => ("pemerintah daerah sudah", "governments done"),
        PolicyDaysSince => ("hari tanpa perubahan", "days without change"),
        PolicyNeverRecorded => ("belum ada isian", "nothing recorded yet"),
        PolicyDaysLate => ("hari terlambat", "days late"),
        PolicyAsOf => ("Per tanggal", "As of"),
        PolicyDownload => ("Unduh rekap (XLSX)", "Download the roll-up (XLSX)"),
        PolicyMatrix => ("Tahapan per pemerintah daerah", "Stages per government"),
        PolicyColGovernment => ("Pemerintah daerah", "Government"),
        PolicyStalledHeading => ("Macet", "Stalled"),
        PolicyDays => ("hari", "days"),
        PolicyOverdueHeading => ("Rencana aksi terlambat", "Overdue actions"),
        PolicyColAction => ("Aksi", "Action"),
        PolicyColOwner => ("Penanggung jawab", "Owner"),
        PolicyColDue => ("Tenggat", "Due date"),
        PolicyColStatus => ("Status", "Status"),
        PolicyColDate => ("Tanggal", "Date"),
        PolicyColReference => ("Nomor regulasi", "Regulation number"),
        PolicyColNote => ("Catatan", "Note"),
        PolicyColEvidence => ("Bukti (tautan)", "Evidence (link)"),
        PolicyColRecordedBy => ("Dicatat oleh", "Recorded by"),
        PolicyBack => ("← Rekap provinsi", "← Provincial roll-up"),
        PolicySaved => ("Tersimpan.", "Saved."),
        PolicyIncomplete => ("belum lengkap", "incomplete"),
        PolicyScore => ("Nilai", "Score"),
        PolicyReadOnly => {
            ("Anda hanya dapat melihat data pemerintah daerah ini.", "You can only view this government's data.")
        }
        PolicyStages => ("Tahapan", "Stages"),
        PolicyActions => ("Rencana aksi", "Action plan"),
        PolicyAssessment => {
            ("Penilaian implementasi (Van Meter & Van Horn)", "Implementation assessment (Van Meter & Van Horn)")
        }
        PolicyNewAction => ("(aksi baru)", "(new action)"),
        PolicyRecordStage => ("Catat tahapan", "Record a stage"),
        PolicySave => ("Simpan", "Save"),
        PolicyPeriod => ("Periode penilaian", "Assessment period"),
        PolicySeeRanking => ("Lihat peringkat", "See the ranking"),
        PolicySimulate => ("Simulasikan", "Simulate"),
        PolicyOverdueReason => ("rencana aksi terlambat", "overdue actions"),
        PolicyStalledLead => (
            "Tanpa kemajuan selama jumlah hari di atas, atau dengan rencana aksi yang terlambat.",
            "No progress for the number of days above, or with an overdue action.",
        ),
        PolicyHistory => ("Riwayat perubahan", "Change history"),
        PolicyColWhen => ("Waktu", "When"),
        PolicyColSubject => ("Yang diubah", "What"),
        PolicyColChange => ("Perubahan", "Change"),
        AdminPolicyPeriodHint => (
            "Periode Sistem Kerja menilai pemerintah daerah (provinsi dan kabupaten/kota) dengan rubrik Van Meter & Van Horn. Bila rubrik tidak dipilih, rubrik bawaan yang dipakai.",
            "A work-system period assesses the governments (province and regencies/cities) with a Van Meter & Van Horn rubric. When none is chosen, the shipped rubric is used.",
        ),
        PolicyColFile => (
            "Berkas bukti (PDF, PNG, JPEG atau XLSX; paling besar 10 MB)",
            "Evidence file (PDF, PNG, JPEG or XLSX; at most 10 MB)",
        ),

        // Assessment entry detail, import and unit notes (issue 4).
        EntryDetailOpen => ("Rincian & tindak lanjut", "Details & follow-up"),
        EntryDetailShortcut => (
            "Ctrl+Enter pada sel membuka rinciannya; Esc menutup.",
            "Ctrl+Enter in a cell opens its details; Esc closes them.",
        ),
        EntryDetailClose => ("Tutup rincian", "Close details"),
        EntryStatus => ("Status", "Status"),
        EntryStatusSubmitted => ("Dikirim", "Submitted"),
        EntryStatusVerified => ("Terverifikasi", "Verified"),
        EntryStatusDisputed => ("Disanggah", "Disputed"),
        EntryStatusResolved => ("Diselesaikan", "Resolved"),
        EntryNote => ("Catatan pengampu", "Owner's note"),
        EntryRecommendation => ("Rekomendasi untuk perangkat daerah", "Recommendation to the unit"),
        EntryTextHint => (
            "Teks biasa (tanpa HTML); baris baru dan daftar \"- \" tetap terlihat. Paling banyak 4.000 karakter.",
            "Plain text (no HTML); line breaks and \"- \" lists are kept. At most 4,000 characters.",
        ),
        EntrySaveNote => ("Simpan catatan & rekomendasi", "Save note & recommendation"),
        EntrySaved => ("Tersimpan.", "Saved."),
        EntryNeedsValue => (
            "Kirim nilainya dulu; catatan dan rekomendasi menempel pada nilai yang tersimpan.",
            "Send the value first; the note and recommendation belong to a stored value.",
        ),
        EntryEvidence => ("Bukti dukung", "Evidence"),
        EntryNoEvidence => ("Belum ada bukti.", "No evidence yet."),
        EntryLink => ("Tautan bukti (alamat web, https://…)", "Evidence link (web address, https://…)"),
        EntryUpload => (
            "Unggah bukti (PDF, PNG, JPEG atau XLSX; paling besar 10 MB)",
            "Upload evidence (PDF, PNG, JPEG or XLSX; at most 10 MB)",
        ),
        EntryUploading => ("Mengunggah…", "Uploading…"),
        EntryUploaded => ("Bukti diunggah.", "Evidence uploaded."),
        EntryTooLarge => (
            "Berkas lebih besar dari 10 MB; pilih berkas yang lebih kecil.",
            "The file is larger than 10 MB; choose a smaller one.",
        ),
        EntryWorkflow => ("Verifikasi dan sanggahan", "Verification and disputes"),
        EntryVerify => ("Verifikasi", "Verify"),
        EntryDispute => ("Sanggah", "Dispute"),
        EntryDisputeReason => ("Alasan sanggahan (wajib)", "Reason for the dispute (required)"),
        EntryResolve => ("Selesaikan", "Resolve"),
        EntryResolution => ("Penyelesaian (wajib)", "Resolution (required)"),
        EntryReasonRequired => ("Tuliskan alasannya dulu.", "Write the reason first."),
        EntryStepDone => ("Status diperbarui.", "Status updated."),
        EntryFailed => ("Tidak berhasil:", "Failed:"),
        EntryNoStep => (
            "Tidak ada langkah yang dapat Anda ambil pada status ini.",
            "There is no step you can take in this status.",
        ),
        ImportTitle => ("Impor nilai dari CSV atau XLSX", "Import values from CSV or XLSX"),
        ImportLead => (
            "Kolom pertama: unit (kode atau nama), lalu satu kolom per kode indikator — atau kolom unit, indicator, value. Nilai ditulis seperti di tabel penilaian: koma atau titik desimal tanpa pemisah ribuan, ya/tidak, atau label kategori. Hasil ekspor dapat diimpor kembali. Uji coba dulu: tidak ada yang disimpan sebelum Anda menekan \"Konfirmasi impor\".",
            "First column: the unit (code or name), then one column per indicator code — or columns unit, indicator, value. Values are written as in the assessment grid: a decimal comma or point without thousands separators, yes/no, or the category label. An export can be imported again. Check first: nothing is stored until you press \"Confirm import\".",
        ),
        ImportFile => ("Berkas CSV atau XLSX", "CSV or XLSX file"),
        ImportCheck => ("Uji coba impor", "Check the file (dry run)"),
        ImportChecking => ("Memeriksa berkas…", "Checking the file…"),
        ImportConfirm => ("Konfirmasi impor", "Confirm import"),
        ImportCancel => ("Batal", "Cancel"),
        ImportNoFile => ("Pilih berkas dulu.", "Choose a file first."),
        ImportRows => ("baris data dibaca;", "data rows read;"),
        ImportValues => ("nilai akan disimpan", "values would be stored"),
        ImportValuesValid => ("nilai tanpa masalah", "values without problems"),
        ImportNew => ("baru", "new"),
        ImportChanged => ("berubah", "changed"),
        ImportUnchanged => ("tidak berubah", "unchanged"),
        ImportNoProblem => ("Tidak ada masalah. Belum ada yang disimpan.", "No problems. Nothing has been stored yet."),
        ImportProblems => (
            "masalah ditemukan. Perbaiki berkas lalu uji coba lagi; tidak ada yang disimpan.",
            "problems found. Fix the file and check it again; nothing was stored.",
        ),
        ImportRow => ("Baris", "Row"),
        ImportColumn => ("Kolom", "Column"),
        ImportProblem => ("Masalah", "Problem"),
        ImportWholeFile => ("seluruh berkas", "whole file"),
        ImportDone => (
            "Impor selesai; nilai disimpan dan hasil dihitung ulang:",
            "Import done; values stored and results recomputed:",
        ),
        ResNotesHeading => ("Catatan dan rekomendasi pengampu", "Owners' notes and recommendations"),

        // Rubric editor, Dampak panel and the year-over-year split.
        EdPreviewFixRule => ("perbaiki aturan di atas dulu", "fix the rule above first"),
        EdHeading => ("Editor rubrik", "Rubric editor"),
        EdLead => (
            "Susun versi rubrik baru tanpa menulis JSON: mulai dari versi tersimpan, templat bawaan 2023 atau kosong. Setiap masalah tampil di samping kolomnya saat Anda mengetik; versi tersimpan tidak pernah berubah (menyimpan membuat versi baru).",
            "Build a new rubric version without writing JSON: start from a stored version, a shipped 2023 template or empty. Every problem is shown next to its field as you type; stored versions never change (saving creates a new version).",
        ),
        EdStartFrom => ("Mulai dari", "Start from"),
        EdTemplateKabkota => ("Templat bawaan 2023 — Kabupaten/Kota", "Shipped 2023 template — regencies/cities"),
        EdTemplateOpd => ("Templat bawaan 2023 — Perangkat Daerah", "Shipped 2023 template — regional apparatus"),
        EdEmpty => ("Kosong (enam spirit CETTAR, tanpa indikator)", "Empty (six CETTAR spirits, no indicator)"),
        EdStart => ("Mulai menyunting", "Start editing"),
        EdReplaceDraft => (
            "Ganti draf yang sedang disunting? Perubahan yang belum disimpan akan hilang.",
            "Replace the draft being edited? Unsaved changes will be lost.",
        ),
        EdId => ("Kode rubrik", "Rubric id"),
        EdName => ("Nama", "Name"),
        EdYear => ("Tahun", "Year"),
        EdPopulation => ("Populasi", "Population"),
        EdRounding => ("Pembulatan", "Rounding"),
        EdRoundingSpirit => ("Per spirit, dua desimal (aturan resmi)", "Per spirit, two decimals (official rule)"),
        EdRoundingTotal => ("Hanya nilai total", "Total only"),
        EdSpirits => ("Spirit dan bobotnya", "Spirits and their weights"),
        EdCode => ("Kode", "Code"),
        EdWeight => ("Bobot", "Weight"),
        EdWeightSum => ("Jumlah bobot spirit:", "Sum of spirit weights:"),
        EdIndicators => ("Indikator", "Indicators"),
        EdSpirit => ("Spirit", "Spirit"),
        EdOwner => ("Pengampu", "Owner"),
        EdDescription => ("Keterangan", "Description"),
        EdSourceNote => ("Sumber data", "Source of the values"),
        EdRuleKind => ("Jenis aturan", "Kind of rule"),
        EdRubricDescription => ("Keterangan rubrik", "About this rubric"),
        EdMoveUp => ("Naikkan", "Move up"),
        EdMoveDown => ("Turunkan", "Move down"),
        EdRule => ("Aturan penilaian", "Scoring rule"),
        EdScale => ("Skala", "Scale"),
        EdCategory => ("Kategori → poin", "Categories → points"),
        EdBoolean => ("Ya/tidak", "Yes/no"),
        EdMin => ("Minimum", "Minimum"),
        EdMax => ("Maksimum", "Maximum"),
        EdTarget => ("Target (kosong = batas)", "Target (blank = the bound)"),
        EdDirection => ("Arah", "Direction"),
        EdHigher => ("Makin tinggi makin baik", "Higher is better"),
        EdLower => ("Makin rendah makin baik", "Lower is better"),
        EdLabel => ("Label", "Label"),
        EdPoints => ("Poin", "Points"),
        EdAddLabel => ("Tambah label", "Add label"),
        EdPreview => ("Coba nilai mentah", "Try a raw value"),
        EdAddSpirit => ("Tambah spirit", "Add spirit"),
        EdAddIndicator => ("Tambah indikator", "Add indicator"),
        EdRemove => ("Hapus", "Remove"),
        EdRetire => ("Pensiunkan indikator", "Retire indicator"),
        EdValid => ("Rubrik valid dan siap disimpan.", "The rubric is valid and ready to save."),
        EdProblems => (
            "masalah — lihat pesan merah di samping kolomnya.",
            "problem(s) — see the red messages next to their fields.",
        ),
        EdChanges => ("Perubahan dari versi awal", "Changes from the starting version"),
        EdAdded => ("Indikator baru", "New indicators"),
        EdRemoved => ("Dipensiunkan", "Retired"),
        EdReweighted => ("Bobot indikator berubah", "Indicator weight changed"),
        EdRulesChanged => ("Aturan berubah", "Rule changed"),
        EdSpiritsReweighted => ("Bobot spirit berubah", "Spirit weight changed"),
        EdRoundingChanged => ("Pembulatan berubah", "Rounding changed"),
        EdNoChanges => ("Belum ada perubahan yang memengaruhi nilai.", "No change that affects a score yet."),
        EdSave => ("Simpan sebagai versi baru", "Save as a new version"),
        EdDownload => ("Unduh JSON", "Download JSON"),
        ImpHeading => ("Dampak: apa yang terjadi pada setiap unit", "Impact: what happens to every unit"),
        ImpLead => (
            "Nilai tersimpan suatu periode dihitung ulang di peramban dengan mesin dan pembulatan yang sama seperti nilai resmi. Indikator baru dihitung kosong (0); indikator yang dipensiunkan tidak dihitung.",
            "A period's stored values are re-scored in the browser with the same engine and rounding as the official scores. New indicators count as missing (0); retired ones drop out.",
        ),
        ImpPeriod => ("Periode pembanding", "Period to compare with"),
        ImpChoose => ("— pilih periode —", "— choose a period —"),
        ImpLoading => ("Memuat nilai tersimpan…", "Loading stored values…"),
        ImpInvalid => (
            "Perbaiki masalah rubrik di atas untuk melihat dampaknya.",
            "Fix the rubric's problems above to see its impact.",
        ),
        ImpGrades => ("Sebaran predikat", "Grade distribution"),
        ImpBefore => ("Sebelum", "Before"),
        ImpAfter => ("Sesudah", "After"),
        ImpMovers => ("Unit yang berubah", "Units that change"),
        ImpUnit => ("Unit", "Unit"),
        ImpTotal => ("Nilai", "Total"),
        ImpGrade => ("Predikat", "Grade"),
        ImpRank => ("Peringkat", "Rank"),
        ImpChange => ("Selisih", "Change"),
        ImpGainers => ("Kenaikan terbesar", "Largest gains"),
        ImpLosers => ("Penurunan terbesar", "Largest losses"),
        ImpGradeChanges => ("unit berganti predikat", "units change grade"),
        ImpNoMovers => ("Tidak ada unit yang berubah nilai atau peringkat.", "No unit changes its total or rank."),
        ImpRefused => (
            "Nilai tersimpan yang ditolak aturan baru (dihitung kosong):",
            "Stored values the new rules refuse (counted as missing):",
        ),
        ImpUnits => ("unit", "units"),
        ImpPrevious => ("‹ Sebelumnya", "‹ Previous"),
        ImpNext => ("Berikutnya ›", "Next ›"),
        ImpOf => ("dari", "of"),
        YoyHeading => ("Dari mana perubahan nilai ini?", "Where does this change come from?"),
        YoyLead => (
            "Perubahan total dibandingkan periode sebelumnya, dipisah: nilai periode sebelumnya dihitung dengan rubrik periode ini (indikator dicocokkan menurut kode).",
            "The change of the total since the previous period, split: the previous period's values scored under this period's rubric (indicators matched by code).",
        ),
        YoyFromRubric => ("Karena perubahan rubrik", "From the rubric change"),
        YoyFromValues => ("Karena perubahan nilai unit", "From the unit's values"),
        YoyTotal => ("Perubahan total", "Total change"),
        YoyUnmatched => {
            ("Indikator tanpa nilai pada periode sebelumnya:", "Indicators without a value in the previous period:")
        }
        ErrorNetwork => ("Server tidak dapat dihubungi.", "The server could not be reached."),
        ErrorStatus => ("Server menjawab dengan kode galat", "The server answered with error code"),
        ErrorFormat => ("Berkas rubrik tidak dapat dibaca", "The rubric file could not be read"),
        ErrorLine => ("baris", "line"),
        ErrorColumn => ("kolom", "column"),
        ErrorShape => (
            "Jawaban server tidak berbentuk seperti yang diharapkan",
            "The server's answer does not have the expected shape",
        ),
        ErrorField => ("bidang", "field"),
        ErrorExpected => ("seharusnya", "expected"),
        Asp(text) => crate::components::aspiration::text::pair(text),
    }
}

/// A period state (`draft`, `open`, `locked`, `published`) in words; unknown states as they are.
pub fn period_state_label(lang: Lang, state: contract::PeriodState) -> String {
    use contract::PeriodState;
    let (id, en) = match state {
        PeriodState::Draft => ("draf", "draft"),
        PeriodState::Open => ("terbuka", "open"),
        PeriodState::Closed => ("dikunci", "locked"),
        PeriodState::Published => ("diterbitkan", "published"),
    };
    match lang {
        Lang::Id => id.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The meaning of a CETTAR spirit (DOMAIN.md section 2), by rubric spirit code.
/// Unknown codes (a future rubric) yield `None`, and the page shows no meaning rather than a guess.
pub fn spirit_meaning(lang: Lang, spirit_code: &str) -> Option<&'static str> {
    let (id, en) = match spirit_code {
        "C" => (
            "real time, respon cepat, anti lelet, menjaga momentum",
            "real time, quick response, anti lelet (no dawdling), keep momentum",
        ),
        "E" => (
            "cara terbaik, hasil prima, hemat waktu, tanpa pemborosan",
            "best way, prime results, time-efficient, no waste",
        ),
        "T" => ("aktif merespons, membaca tanda-tanda", "actively respond, read the signals"),
        "TR" => {
            ("dilakukan secara terbuka, informasi jelas dan dibagikan", "done openly, clear and shared information")
        }
        "A" => ("sesuai prosedur, dapat dipertanggungjawabkan", "follows procedure, can be accounted for"),
        "R" => ("menjawab setiap tugas dan menindaklanjutinya", "answer every task and follow it up"),
        _ => return None,
    };
    Some(match lang {
        Lang::Id => id,
        Lang::En => en,
    })
}

/// Formats a fixed-point number: `scaled` is the value times `10^decimals`.
///
/// Indonesian: `format_fixed(8100, 2, Lang::Id) == "81,00"`, `format_fixed(12345, 1, Lang::Id) == "1.234,5"`;
/// English swaps the separators. Working on integers keeps displayed scores free of float drift.
pub fn format_fixed(scaled: i64, decimals: u32, lang: Lang) -> String {
    let divisor = 10u64.pow(decimals);
    let magnitude = scaled.unsigned_abs();
    let whole = magnitude / divisor;
    let fraction = magnitude % divisor;
    let mut out = String::new();
    if scaled < 0 {
        out.push('-');
    }
    out.push_str(&group_thousands(whole, lang.thousands_separator()));
    if decimals > 0 {
        out.push(lang.decimal_separator());
        out.push_str(&format!("{fraction:0width$}", width = decimals as usize));
    }
    out
}

/// Like [`format_fixed`], but drops trailing zeros below `min_decimals`:
/// `format_fixed_trimmed(202450, 4, 2, Lang::Id) == "20,245"`, `(162000, 4, 2)` gives `"16,20"`.
pub fn format_fixed_trimmed(scaled: i64, decimals: u32, min_decimals: u32, lang: Lang) -> String {
    let mut scaled = scaled;
    let mut decimals = decimals;
    while decimals > min_decimals && scaled % 10 == 0 {
        scaled /= 10;
        decimals -= 1;
    }
    format_fixed(scaled, decimals, lang)
}

/// Formats an integer with the language's thousands separator (`1.234` / `1,234`).
pub fn format_integer(value: i64, lang: Lang) -> String {
    format_fixed(value, 0, lang)
}

fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (digit_idx, digit) in digits.chars().enumerate() {
        if digit_idx > 0 && (digits.len() - digit_idx).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// The language state shared by the whole app, provided once at the root.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The current language (tracked: reading it inside a closure re-runs it on change).
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The current language without tracking (event handlers, one-off setup).
    pub fn lang_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
    }

    /// Translates now (tracked).
    pub fn t(self, msg: Msg) -> &'static str {
        t(self.lang.get(), msg)
    }

    /// A reactive text for views and attributes: `{i18n.tr(Msg::NavHome)}`.
    pub fn tr(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || t(self.lang.get(), msg)
    }
}

/// Creates the language state from `localStorage` (default Indonesian), keeps `localStorage` and
/// `<html lang>` in step with it, and provides it as context.
pub fn provide_i18n() -> I18n {
    let lang = RwSignal::new(browser::stored_lang().unwrap_or_default());
    Effect::new(move |_| {
        let lang = lang.get();
        browser::store_lang(lang);
        browser::set_document_lang(lang);
    });
    let i18n = I18n { lang };
    provide_context(i18n);
    i18n
}

/// The language state provided by [`provide_i18n`].
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// Sets `document.title` to `<page> — Sibekisar` in the current language, for as long as the
/// calling page is mounted.
pub fn use_document_title(page: Msg) {
    let i18n = use_i18n();
    Effect::new(move |_| browser::set_document_title(&document_title(i18n.t(page))));
}

/// The window title for a page.
pub fn document_title(page_name: &str) -> String {
    format!("{page_name} — Sibekisar")
}

/// The few browser calls the language state needs. Failures (storage disabled, private mode)
/// are ignored on purpose: the app keeps working in the default language.
mod browser {
    use super::{LANG_STORAGE_KEY, Lang};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_lang() -> Option<Lang> {
        let code = storage()?.get_item(LANG_STORAGE_KEY).ok().flatten()?;
        Lang::from_code(&code)
    }

    pub fn store_lang(lang: Lang) {
        if let Some(storage) = storage() {
            let _ = storage.set_item(LANG_STORAGE_KEY, lang.code());
        }
    }

    pub fn set_document_lang(lang: Lang) {
        let root =
            web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute("lang", lang.code());
        }
    }

    pub fn set_document_title(title: &str) {
        if let Some(document) = web_sys::window().and_then(|window| window.document()) {
            document.set_title(title);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_fixed(scaled: i64, decimals: u32, expected_id: &str, expected_en: &str) {
        assert_eq!(format_fixed(scaled, decimals, Lang::Id), expected_id);
        assert_eq!(format_fixed(scaled, decimals, Lang::En), expected_en);
    }

    #[test]
    fn fixed_point_uses_each_language_separators() {
        check_fixed(8100, 2, "81,00", "81.00");
        check_fixed(8099, 2, "80,99", "80.99");
        check_fixed(12345, 1, "1.234,5", "1,234.5");
        check_fixed(5, 2, "0,05", "0.05");
        check_fixed(-5, 2, "-0,05", "-0.05");
        check_fixed(202450, 4, "20,2450", "20.2450");
        check_fixed(1234567, 0, "1.234.567", "1,234,567");
        check_fixed(100, 0, "100", "100");
        check_fixed(0, 2, "0,00", "0.00");
    }

    #[test]
    fn fixed_trimmed_keeps_the_minimum_decimals() {
        assert_eq!(format_fixed_trimmed(20_2450, 4, 2, Lang::Id), "20,245");
        assert_eq!(format_fixed_trimmed(16_2000, 4, 2, Lang::Id), "16,20");
        assert_eq!(format_fixed_trimmed(12_1515, 4, 2, Lang::En), "12.1515");
    }

    #[test]
    fn integers_group_thousands() {
        assert_eq!(format_integer(38, Lang::Id), "38");
        assert_eq!(format_integer(1000, Lang::Id), "1.000");
        assert_eq!(format_integer(999_999, Lang::En), "999,999");
        assert_eq!(format_integer(-1_000_000, Lang::En), "-1,000,000");
    }

    #[test]
    fn language_codes_round_trip_and_unknown_codes_are_rejected() {
        for lang in [Lang::Id, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::default(), Lang::Id);
    }

    #[test]
    fn switch_button_offers_the_other_language_by_its_own_name() {
        assert_eq!(Lang::Id.other().endonym(), "English");
        assert_eq!(Lang::En.other().endonym(), "Bahasa Indonesia");
    }

    #[test]
    fn navigation_labels_match_the_brief() {
        let expected = [
            (Msg::NavHome, "Beranda", "Home"),
            (Msg::NavSimulator, "Simulasi", "Simulator"),
            (Msg::NavAssessment, "Penilaian", "Assessment"),
            (Msg::NavRankings, "Peringkat", "Rankings"),
            (Msg::NavScoringRules, "Cara Penilaian", "How scoring works"),
        ];
        for (msg, id, en) in expected {
            assert_eq!(t(Lang::Id, msg), id);
            assert_eq!(t(Lang::En, msg), en);
        }
    }

    #[test]
    fn every_cettar_spirit_has_a_meaning_in_both_languages() {
        for code in ["C", "E", "T", "TR", "A", "R"] {
            for lang in [Lang::Id, Lang::En] {
                assert!(spirit_meaning(lang, code).is_some_and(|text| !text.is_empty()));
            }
        }
        assert_eq!(spirit_meaning(Lang::Id, "X"), None);
        assert!(spirit_meaning(Lang::Id, "C").unwrap().contains("anti lelet"));
    }

    #[test]
    fn document_title_names_the_page_then_the_product() {
        assert_eq!(document_title("Cara Penilaian"), "Cara Penilaian — Sibekisar");
    }
}
