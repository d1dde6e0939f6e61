package dev.glasshouse.cli.chaos;

import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Keeps the scheduler's events of the chaos run with the time each arrived, and tells the monkey when its
 * trigger happened. Fed on the driver actor's thread; read from others, hence synchronized.
 */
public final class EventRecorder implements Consumer<SchedulerEvent> {

    /** An event and the wall-clock time the driver decided it. */
    public record Timed(long atMillis, SchedulerEvent event) {
    }

    private final List<Timed> events = new ArrayList<>();
    private final CompletableFuture<Long> jobStarted = new CompletableFuture<>();
    private final CompletableFuture<Long> firstTaskDone = new CompletableFuture<>();
    private final CompletableFuture<Long> mapStageDone = new CompletableFuture<>();
    private boolean armed;

    /** From now on events are kept and triggers fire; before, events (the fault-free run's) are ignored. */
    public synchronized void arm() {
        armed = true;
    }

    @Override
    public synchronized void accept(SchedulerEvent event) {
        if (!armed) return;
        long now = System.currentTimeMillis();
        events.add(new Timed(now, event));
        if (event instanceof SchedulerEvent.StageSubmitted) {
            jobStarted.complete(now);
        } else if (event instanceof SchedulerEvent.TaskEnded ended && ended.succeeded()) {
            firstTaskDone.complete(now);
        } else if (event instanceof SchedulerEvent.StageCompleted completed && completed.summary().isShuffleMap()) {
            mapStageDone.complete(now);
        }
    }

    /** Completes with the time of the trigger. */
    public CompletableFuture<Long> trigger(ChaosSpec.Trigger trigger) {
        return switch (trigger) {
            case START -> jobStarted;
            case MAP -> firstTaskDone;
            case REDUCE -> mapStageDone;
        };
    }

    public synchronized List<Timed> events() {
        return List.copyOf(events);
    }
}
