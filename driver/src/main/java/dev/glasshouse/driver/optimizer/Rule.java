package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.plan.LogicalPlan;

/** One rewrite of an analyzed plan into an equivalent, cheaper one. */
interface Rule {
    String name();

    LogicalPlan apply(LogicalPlan plan);
}
