package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.Stage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A submitted job that has neither succeeded nor failed, with the progress of each of its stages. */
final class ActiveJob {
    final int jobId;
    final JobPlan plan;
    final long startedAt;
    /** By stage id, in plan order (parents before the stages reading them). */
    final Map<Integer, StageRun> stages = new LinkedHashMap<>();

    ActiveJob(int jobId, JobPlan plan, long startedAt) {
        this.jobId = jobId;
        this.plan = plan;
        this.startedAt = startedAt;
        for (Stage stage : plan.stages()) stages.put(stage.id(), new StageRun(jobId, stage));
    }

    StageRun stageWritingShuffle(int shuffleId) {
        for (StageRun run : stages.values()) {
            if (run.stage.isShuffleMap() && run.stage.shuffleId() == shuffleId) return run;
        }
        return null;
    }

    /** A stage can run when every shuffle it reads is complete. */
    boolean parentsComplete(StageRun stage, MapOutputRegistry mapOutputs) {
        for (int parentId : stage.stage.parents()) {
            if (!mapOutputs.isComplete(stages.get(parentId).stage.shuffleId())) return false;
        }
        return true;
    }

    /** Every shuffle the stage reads (its input's, and the build side of each join in it), once complete. */
    Map<Integer, List<MapOutputLocation>> inputsOf(StageRun stage, MapOutputRegistry mapOutputs) {
        Map<Integer, List<MapOutputLocation>> inputs = new HashMap<>();
        for (int parentId : stage.stage.parents()) {
            int shuffleId = stages.get(parentId).stage.shuffleId();
            inputs.put(shuffleId, mapOutputs.locations(shuffleId));
        }
        return inputs;
    }
}
