package dev.glasshouse.clustermanager;

import akka.actor.typed.ActorRef;
import dev.glasshouse.clustermanager.backend.ExecutorBackend;

/**
 * A backend that starts nothing: it tells each call, as text ("launch exec-1", "stop exec-1", "stopAll"), to a
 * probe, and lets the test play the processes' exits through {@link #exit}.
 */
final class RecordingBackend implements ExecutorBackend {
    private final ActorRef<String> calls;
    private volatile Listener listener;

    RecordingBackend(ActorRef<String> calls) {
        this.calls = calls;
    }

    void exit(String executorId, int exitCode) {
        listener.executorExited(executorId, exitCode, "process exited with code " + exitCode);
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void launch(ExecutorLaunch launch) {
        calls.tell("launch " + launch.executorId());
    }

    @Override
    public void adopt(String executorId, long pid) {
        calls.tell("adopt " + executorId + " pid " + pid);
    }

    @Override
    public void stop(String executorId) {
        calls.tell("stop " + executorId);
    }

    @Override
    public void stopAll() {
        calls.tell("stopAll");
    }
}
