package dev.glasshouse.core.exec;

import dev.glasshouse.core.plan.SortKey;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.util.Iterator;
import java.util.List;

/**
 * A narrow operator: turns one partition's row stream into another without looking at other partitions, so the
 * driver pipelines any chain of them inside one task. Expressions in here are bound to input positions. Only a
 * hash join reads a second source (its build side), which it opens through the task's {@link TaskSources}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PartitionOperator.Filter.class, name = "filter"),
    @JsonSubTypes.Type(value = PartitionOperator.Project.class, name = "project"),
    @JsonSubTypes.Type(value = PartitionOperator.PartialAggregate.class, name = "partialAggregate"),
    @JsonSubTypes.Type(value = PartitionOperator.FinalAggregate.class, name = "finalAggregate"),
    @JsonSubTypes.Type(value = PartitionOperator.Limit.class, name = "limit"),
    @JsonSubTypes.Type(value = PartitionOperator.Sort.class, name = "sort"),
    @JsonSubTypes.Type(value = PartitionOperator.Sample.class, name = "sample"),
    @JsonSubTypes.Type(value = PartitionOperator.HashJoin.class, name = "hashJoin"),
    @JsonSubTypes.Type(value = PartitionOperator.UserFunction.class, name = "userFunction"),
    @JsonSubTypes.Type(value = PartitionOperator.BernoulliSample.class, name = "bernoulliSample"),
})
public sealed interface PartitionOperator {

    Iterator<Row> apply(Iterator<Row> input, TaskSources sources);

    /** Keeps rows whose condition is true (null counts as false). Streams. */
    record Filter(Expression condition) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return new FilteringIterator(input, row -> Boolean.TRUE.equals(condition.eval(row)));
        }
    }

    /** Computes one output column per expression. Streams. */
    record Project(List<Expression> expressions) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return new MappingIterator(input, row -> {
                Object[] out = new Object[expressions.size()];
                for (int i = 0; i < out.length; i++) out[i] = expressions.get(i).eval(row);
                return new Row(out);
            });
        }
    }

    /**
     * Map side of a grouping: one row per distinct key of this partition, holding the keys and each aggregate's
     * partial state; a key may appear in several rows when its partition's keys outgrow the task's memory. With
     * no keys (a global aggregate) it emits exactly one row, even for an empty partition.
     */
    record PartialAggregate(List<Expression> keys, List<AggregateCall> aggregates) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return HashAggregation.partial(keys, aggregates, input, sources.memory());
        }
    }

    /**
     * Reduce side of a grouping: merges the partial states of each key (rows of keys + states) and emits keys +
     * final values, spilling groups to disk when they outgrow the task's memory. With no keys it emits exactly one
     * row, even when no partial state arrived.
     */
    record FinalAggregate(int keyCount, List<AggregateCall> aggregates) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return HashAggregation.merge(keyCount, aggregates, input, sources.memory());
        }
    }

    /** Stops after {@code count} rows: a per-partition limit, so {@code show(20)} never reads a whole partition. */
    record Limit(int count) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return new Iterator<>() {
                private int taken;

                @Override
                public boolean hasNext() {
                    return taken < count && input.hasNext();
                }

                @Override
                public Row next() {
                    taken++;
                    return input.next();
                }
            };
        }
    }

    /**
     * Sorts the whole partition by the keys (the reduce side of a global sort), stably; in memory while the task's
     * execution memory lasts, else as an external merge sort of spilled runs.
     */
    record Sort(List<SortKey> keys) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return ExternalSort.sort(keys, input, sources.memory());
        }
    }

    /**
     * A uniform random sample of at most {@code size} rows of the partition (reservoir sampling with a fixed seed,
     * so a retried task samples the same rows). The driver's sampling job for range bounds uses it.
     */
    record Sample(int size) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            java.util.Random random = new java.util.Random(42);
            List<Row> reservoir = new java.util.ArrayList<>();
            long seen = 0;
            while (input.hasNext()) {
                Row row = input.next();
                seen++;
                if (reservoir.size() < size) {
                    reservoir.add(row);
                } else {
                    long slot = (long) (random.nextDouble() * seen);
                    if (slot < size) reservoir.set((int) slot, row);
                }
            }
            return reservoir.iterator();
        }
    }

    /**
     * Runs user code over the partition: a {@link RowsFunction} shipped as Java-serialized bytes (binary in CBOR),
     * deserialized once per task with the thread's context class loader. Each row it returns is checked against
     * the declared schema.
     *
     * @param transformation the DataFrame method it came from, e.g. {@code map}, for errors and plans
     */
    record UserFunction(String transformation, byte[] function, Schema schema) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            RowsFunction rows = UserCode.deserialize(function, RowsFunction.class, transformation);
            return new CheckedRows(rows.apply(input), schema, transformation);
        }
    }

    /**
     * Keeps each row with probability {@code fraction} (Bernoulli sampling, {@code df.sample}). The random
     * sequence is seeded by the seed and the task's partition, so a retried task keeps the same rows.
     */
    record BernoulliSample(double fraction, long seed) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 1_000_003L + sources.partition());
            return new FilteringIterator(input, row -> random.nextDouble() < fraction);
        }
    }

    /**
     * Joins the input (the streamed side) with the rows of {@code build}, held in a hash table (a grace hash join
     * through spill files when the build side outgrows the task's memory). For a shuffled
     * join the build source is the same reduce partition of the other side's shuffle; for a broadcast join it is
     * the whole small side (partition 0 of a one-partition shuffle), read by every task.
     *
     * @param buildLeft  true when the build side is the left one (a broadcast left side); the output is always
     *                   left columns then right columns
     * @param leftKeys   key columns of left rows, pairwise equal to {@code rightKeys} of right rows
     * @param condition  extra condition on matched pairs, bound to left columns followed by right columns; or null
     * @param mergeKeys  a join on using-columns: each key appears once, first, then the other columns of each side
     */
    record HashJoin(JoinType type, boolean buildLeft, int[] leftKeys, int[] rightKeys, Expression condition,
                    int leftWidth, int rightWidth, boolean mergeKeys, PartitionSource build)
            implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input, TaskSources sources) {
            return SpillingHashJoin.open(this, input, sources.open(build), build.outputSchema(), sources.memory());
        }

        public HashJoin withBuild(PartitionSource newBuild) {
            return new HashJoin(type, buildLeft, leftKeys, rightKeys, condition, leftWidth, rightWidth, mergeKeys,
                    newBuild);
        }
    }
}
