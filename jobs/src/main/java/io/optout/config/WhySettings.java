package io.optout.config;

/**
 * The settings of the tables that ask why users opt out (docs/metrics.md section 9, docs/why.md),
 * one component per key of {@link ConfigKeys} ({@code optout.why.*}, {@code optout.impact.*},
 * {@code optout.causes.*}, {@code optout.cap.*}).
 */
public record WhySettings(
    boolean enabled,
    int impactHorizonDays,
    double impactFdr,
    int impactMinRecipients,
    int causesFailureDays,
    int causesCascadeDays,
    int causesDormantDays,
    int causesReactionMinutes,
    int capPeriodDays,
    int capMinUsers,
    double capAlpha) {}
