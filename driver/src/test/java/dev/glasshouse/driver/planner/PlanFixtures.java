package dev.glasshouse.driver.planner;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.Analyzer;
import dev.glasshouse.driver.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Small plans over the sales schema, and a way to cut them into stages without S3. */
public final class PlanFixtures {
    public static final Schema SALES = Schema.parseDdl(
            "order_id long, customer_id long, country string, product string, amount double, ts string");

    private PlanFixtures() {
    }

    public static LogicalPlan sales() {
        return FileRelation.csv("s3://raw/sales/", CsvOptions.defaults(), SALES);
    }

    public static LogicalPlan bigSales() {
        return new Filter(new Comparison(Comparison.Op.GT, new ColumnRef("amount"), Literal.of(50)), sales());
    }

    public static LogicalPlan countByCountry(LogicalPlan input) {
        return new Aggregate(List.of(new ColumnRef("country")),
                List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")), input);
    }

    public static PhysicalNode physical(LogicalPlan parsed, int files, int shufflePartitions,
                                        long broadcastThreshold) {
        Analyzer analyzer = new Analyzer();
        LogicalPlan optimized = new Optimizer(analyzer).optimize(analyzer.analyze(parsed)).plan();
        return new PhysicalPlanner(shufflePartitions, broadcastThreshold, SizeEstimator.fromSplits(files(files)))
                .plan(optimized);
    }

    /** Splits: {@code files} whole files of 1000 bytes each. */
    public static SplitSource files(int files) {
        return path -> {
            List<FileSplit> splits = new ArrayList<>();
            for (int i = 0; i < files; i++) splits.add(new FileSplit(path + "part-" + i + ".csv", 0, 1000, 1000));
            return splits;
        };
    }

    public static JobPlan stages(LogicalPlan parsed, int files, int shufflePartitions) {
        return stages(parsed, files, shufflePartitions, 10L << 20);
    }

    /** @param broadcastThreshold bytes; each input file counts 1000 bytes, -1 disables broadcasts */
    public static JobPlan stages(LogicalPlan parsed, int files, int shufflePartitions, long broadcastThreshold) {
        PhysicalNode physical = physical(parsed, files, shufflePartitions, broadcastThreshold);
        AtomicInteger stageIds = new AtomicInteger();
        AtomicInteger shuffleIds = new AtomicInteger();
        return new StagePlanner(files(files), stageIds::getAndIncrement, shuffleIds::getAndIncrement)
                .plan(physical, PartitionSink.ResultBlock::new);
    }
}
