package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.driver.analysis.Analyzer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies the rewrite rules once each, in order, and remembers which ones changed the plan so
 * {@code explain()} can show the optimizer at work.
 */
public final class Optimizer {
    private final List<Rule> rules = List.of(new ConstantFolding(), new CombineFilters(), new PushDownFilters(), new PruneColumns());
    private final Analyzer analyzer;

    public Optimizer(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /** An optimized plan and the names of the rules that changed it. */
    public record Result(LogicalPlan plan, List<String> appliedRules) {
    }

    public Result optimize(LogicalPlan analyzed) {
        LogicalPlan plan = analyzed;
        List<String> applied = new ArrayList<>();
        for (Rule rule : rules) {
            // Rules may move columns; re-binding by name keeps every position right for the next rule.
            LogicalPlan rewritten = analyzer.analyze(rule.apply(plan));
            if (!rewritten.equals(plan)) applied.add(rule.name());
            plan = rewritten;
        }
        return new Result(plan, applied);
    }
}
