package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.plan.CachedRelation;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.driver.analysis.Analyzer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the rewrite rules once each, in order, and remembers which ones changed the plan so
 * {@code explain()} can show the optimizer at work.
 */
public final class Optimizer {
    private final List<Rule> rules = List.of(new ConstantFolding(), new CombineFilters(), new PushDownFilters(),
            new PushFiltersIntoScan(), new CombineProjections(), new PruneColumns());
    private final Analyzer analyzer;

    public Optimizer(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** An optimized plan and, in order, each rule that changed it with the plan before and after. */
    public record Result(LogicalPlan plan, List<RuleChange> changes) {
        public Result {
            changes = List.copyOf(changes);
        }

        /** Names of the rules that changed the plan, in the order they ran. */
        public List<String> appliedRules() {
            return changes.stream().map(RuleChange::rule).toList();
        }
    }

    /** One rule's rewrite, as {@code explain("extended")} shows it. */
    public record RuleChange(String rule, LogicalPlan before, LogicalPlan after) {
    }

    public Result optimize(LogicalPlan analyzed) {
        LogicalPlan plan = analyzed;
        List<RuleChange> changes = new ArrayList<>();
        for (Rule rule : rules) {
            // Rules may move columns; re-binding by name keeps every position right for the next rule.
            LogicalPlan rewritten = analyzer.analyze(rule.apply(plan));
            if (!rewritten.equals(plan)) changes.add(new RuleChange(rule.name(), plan, rewritten));
            plan = rewritten;
        }
        return new Result(optimizeCached(plan), changes);
    }

    /**
     * The plans of persisted datasets are leaves to the rules above; each is optimized on its own, so it is the
     * same plan (and the same partitions) whatever query reads it.
     */
    private LogicalPlan optimizeCached(LogicalPlan plan) {
        if (plan instanceof CachedRelation cached) return cached.withPlan(optimize(cached.plan()).plan());
        if (plan.children().isEmpty()) return plan;
        return plan.withChildren(plan.children().stream().map(this::optimizeCached).toList());
    }
}
