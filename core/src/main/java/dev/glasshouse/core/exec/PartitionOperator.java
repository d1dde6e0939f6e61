package dev.glasshouse.core.exec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.row.Row;
import java.util.Iterator;
import java.util.List;

/**
 * A narrow operator: turns one partition's row stream into another without looking at other partitions, so the
 * driver pipelines any chain of them inside one task. Expressions in here are bound to input positions.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PartitionOperator.Filter.class, name = "filter"),
    @JsonSubTypes.Type(value = PartitionOperator.Project.class, name = "project"),
    @JsonSubTypes.Type(value = PartitionOperator.PartialAggregate.class, name = "partialAggregate"),
    @JsonSubTypes.Type(value = PartitionOperator.FinalAggregate.class, name = "finalAggregate"),
    @JsonSubTypes.Type(value = PartitionOperator.Limit.class, name = "limit"),
})
public sealed interface PartitionOperator {

    Iterator<Row> apply(Iterator<Row> input);

    /** Keeps rows whose condition is true (null counts as false). Streams. */
    record Filter(Expression condition) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input) {
            return new FilteringIterator(input, row -> Boolean.TRUE.equals(condition.eval(row)));
        }
    }

    /** Computes one output column per expression. Streams. */
    record Project(List<Expression> expressions) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input) {
            return new MappingIterator(input, row -> {
                Object[] out = new Object[expressions.size()];
                for (int i = 0; i < out.length; i++) out[i] = expressions.get(i).eval(row);
                return new Row(out);
            });
        }
    }

    /**
     * Map side of a grouping: one row per distinct key of this partition, holding the keys and each aggregate's
     * partial state. With no keys (a global aggregate) it emits exactly one row, even for an empty partition.
     */
    record PartialAggregate(List<Expression> keys, List<AggregateCall> aggregates) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input) {
            return HashAggregation.partial(keys, aggregates, input);
        }
    }

    /**
     * Reduce side of a grouping: merges the partial states of each key (rows of keys + states) and emits keys +
     * final values. With no keys it emits exactly one row, even when no partial state arrived.
     */
    record FinalAggregate(int keyCount, List<AggregateCall> aggregates) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input) {
            return HashAggregation.merge(keyCount, aggregates, input);
        }
    }

    /** Stops after {@code count} rows: a per-partition limit, so {@code show(20)} never reads a whole partition. */
    record Limit(int count) implements PartitionOperator {
        @Override
        public Iterator<Row> apply(Iterator<Row> input) {
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
}
