package dev.glasshouse.core.exec;

import dev.glasshouse.core.protocol.FetchFailure;

/** A shuffle block could not be read; carries what the driver needs to recompute the map partition. */
public final class FetchFailedException extends RuntimeException {
    private final transient FetchFailure failure;

    public FetchFailedException(FetchFailure failure, Throwable cause) {
        super(failure.toString(), cause);
        this.failure = failure;
    }

    public FetchFailure failure() {
        return failure;
    }
}
