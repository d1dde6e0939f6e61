package dev.glasshouse.driver;

import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.Analyzer;
import dev.glasshouse.driver.optimizer.Optimizer;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.PhysicalNode;
import dev.glasshouse.driver.planner.PhysicalPlanner;
import dev.glasshouse.driver.planner.RangeBounds;
import dev.glasshouse.driver.planner.SizeEstimator;
import dev.glasshouse.driver.planner.SplitSource;
import dev.glasshouse.driver.planner.StagePlanner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * The life of one query on the driver, in Spark's order: parsed plan → analyzed → optimized → physical →
 * stages. Each step is computed when first asked for; only {@link #jobPlan} touches S3 (to list input files).
 */
final class QueryExecution {
    private final LogicalPlan parsed;
    private final LogicalPlan analyzed;
    private final int shufflePartitions;
    private final long broadcastThreshold;
    private Optimizer.Result optimized;
    private PhysicalNode physical;

    QueryExecution(LogicalPlan parsed, LogicalPlan analyzed, int shufflePartitions, long broadcastThreshold) {
        this.parsed = parsed;
        this.analyzed = analyzed;
        this.shufflePartitions = shufflePartitions;
        this.broadcastThreshold = broadcastThreshold;
    }

    LogicalPlan analyzed() {
        return analyzed;
    }

    Optimizer.Result optimized() {
        if (optimized == null) optimized = new Optimizer(new Analyzer()).optimize(analyzed);
        return optimized;
    }

    /** @param splits lists input files: join planning estimates each side's size from them */
    PhysicalNode physical(SplitSource splits) {
        if (physical == null) {
            physical = new PhysicalPlanner(shufflePartitions, broadcastThreshold, SizeEstimator.fromSplits(splits))
                    .plan(optimized().plan());
        }
        return physical;
    }

    /** @param sampler runs the sampling job of each range exchange (a sort) before its stages are planned */
    /** @param cacheStatus whether every partition of a persisted dataset is cached (its stages are then skipped) */
    JobPlan jobPlan(SplitSource splits, IntSupplier stageIds, IntSupplier shuffleIds, RangeBounds.Sampler sampler,
                    StagePlanner.CacheStatus cacheStatus, Function<Schema, PartitionSink> resultSink) {
        return new StagePlanner(splits, stageIds, shuffleIds, sampler, cacheStatus).plan(physical(splits), resultSink);
    }

    /**
     * The text of {@code explain()}. Stage and shuffle ids here are numbered from 0 for this query alone; a run
     * numbers them within the application.
     */
    String explainString(SplitSource splits) {
        return explainString(splits, false);
    }

    /**
     * @param withRules also show, after the optimized plan, each rule that changed the plan with the plan before
     *                  and after it ran ({@code explain("extended")})
     */
    String explainString(SplitSource splits, boolean withRules) {
        AtomicInteger stageIds = new AtomicInteger();
        AtomicInteger shuffleIds = new AtomicInteger();
        JobPlan stages = new StagePlanner(splits, stageIds::getAndIncrement, shuffleIds::getAndIncrement)
                .plan(physical(splits), PartitionSink.ResultBlock::new);
        String rules = optimized().appliedRules().isEmpty() ? "none" : String.join(", ", optimized().appliedRules());
        return "== Parsed Logical Plan ==\n" + parsed.treeString()
                + "\n== Analyzed Logical Plan ==\n" + analyzed.treeString()
                + "\n== Optimized Logical Plan == (rules applied: " + rules + ")\n" + optimized().plan().treeString()
                + (withRules ? ruleChanges() : "")
                + "\n== Physical Plan ==\n" + physical(splits).treeString()
                + "\n== Stages (" + stages.stages().size() + "; a new stage starts at each shuffle) ==\n"
                + stages.describe();
    }

    private String ruleChanges() {
        StringBuilder out = new StringBuilder("\n== Optimizer Rules (each rule that changed the plan, in order) ==\n");
        if (optimized().changes().isEmpty()) out.append("no rule changed the plan\n");
        for (Optimizer.RuleChange change : optimized().changes()) {
            out.append("--- ").append(change.rule()).append(" ---\nbefore:\n").append(indent(change.before()))
                    .append("after:\n").append(indent(change.after()));
        }
        return out.toString();
    }

    private static String indent(LogicalPlan plan) {
        return plan.treeString().lines().map(line -> "  " + line + "\n").collect(Collectors.joining());
    }
}
