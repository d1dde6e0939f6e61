package dev.glasshouse.core.exec;

import dev.glasshouse.core.plan.SortKey;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** How the map side of a shuffle chooses each row's reduce partition. Travels inside the shuffle-write sink. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Partitioning.Hash.class, name = "hash"),
    @JsonSubTypes.Type(value = Partitioning.RoundRobin.class, name = "roundRobin"),
    @JsonSubTypes.Type(value = Partitioning.Range.class, name = "range"),
})
public sealed interface Partitioning {

    /** A chooser for one map task; it may keep state (round robin does). */
    Chooser chooser(int mapPartition, int partitions);

    interface Chooser {
        int partition(Row row);
    }

    /** Rows with equal key columns go to the same partition; no key columns means everything goes to partition 0 of 1. */
    record Hash(int[] keyColumns) implements Partitioning {
        @Override
        public Chooser chooser(int mapPartition, int partitions) {
            return row -> HashPartitioner.partition(row, keyColumns, partitions);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hash h && Arrays.equals(keyColumns, h.keyColumns);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(keyColumns);
        }

        @Override
        public String toString() {
            return "hash" + Arrays.toString(keyColumns);
        }
    }

    /** Spreads rows evenly regardless of content; each map task starts at its own partition so they do not pile up. */
    record RoundRobin() implements Partitioning {
        @Override
        public Chooser chooser(int mapPartition, int partitions) {
            int[] next = {Math.floorMod(mapPartition, partitions)};
            return row -> {
                int p = next[0];
                next[0] = (p + 1) % partitions;
                return p;
            };
        }
    }

    /**
     * Partition i holds the keys in (bounds[i-1], bounds[i]]; the last partition everything above the last bound.
     * Bounds are sort-key values in ascending {@link RowOrdering}, sampled by the driver before the job.
     *
     * @param bounds one list of key values per bound; values are re-typed on arrival because the wire format does
     *               not keep Java classes (a long may come back as an int)
     */
    record Range(List<SortKey> keys, List<List<Object>> bounds) implements Partitioning {
        public Range {
            keys = List.copyOf(keys);
            List<List<Object>> typed = new ArrayList<>();
            for (List<Object> bound : bounds) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < bound.size(); i++) {
                    DataType type = keys.get(i).expression().dataType();
                    values.add(type.coerce(bound.get(i)));
                }
                typed.add(Collections.unmodifiableList(values));
            }
            bounds = List.copyOf(typed);
        }

        @Override
        public Chooser chooser(int mapPartition, int partitions) {
            RowOrdering ordering = new RowOrdering(keys);
            List<Row> boundRows = bounds.stream().map(b -> new Row(b.toArray())).toList();
            return row -> {
                Row key = ordering.keyValues(row);
                int low = 0;
                int high = boundRows.size();
                // The first bound not below the key; keys above every bound go to the last partition.
                while (low < high) {
                    int mid = (low + high) >>> 1;
                    if (ordering.compare(boundRows.get(mid), key) < 0) low = mid + 1;
                    else high = mid;
                }
                return Math.min(low, partitions - 1);
            };
        }

        @Override
        public String toString() {
            return "range" + keys.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
