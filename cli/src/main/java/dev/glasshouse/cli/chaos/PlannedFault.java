package dev.glasshouse.cli.chaos;

import java.time.Duration;

/** One fault of a plan: what, and how long after the trigger. Targets are chosen when it is injected. */
public record PlannedFault(int number, Duration at, FaultKind kind) {
}
