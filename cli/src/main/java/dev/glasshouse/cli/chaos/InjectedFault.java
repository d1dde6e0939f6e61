package dev.glasshouse.cli.chaos;

/**
 * A fault as it was injected.
 *
 * @param atMillis   wall-clock time of the injection
 * @param executorId the executor hit, or null when the fault hit no executor
 * @param failed     why the fault could not be injected (no executor alive, say), or null
 */
public record InjectedFault(int number, FaultKind kind, long atMillis, String description, String executorId,
                            String failed) {
}
