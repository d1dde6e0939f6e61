package dev.glasshouse.driver.planner;

import java.util.List;

/**
 * The stages of one job, parents before children; the last one is the result stage. Splitting happens exactly
 * at each shuffle, so a plan with n shuffles has n + 1 stages.
 */
public record JobPlan(List<Stage> stages) {
    public JobPlan {
        stages = List.copyOf(stages);
    }

    public Stage resultStage() {
        return stages.get(stages.size() - 1);
    }

    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Stage stage : stages) out.append(stage.describe()).append('\n');
        return out.toString();
    }
}
