package dev.glasshouse.core.exec;

import dev.glasshouse.core.exec.spill.SpillReader;
import dev.glasshouse.core.exec.spill.SpillWriter;
import dev.glasshouse.core.memory.ByteSizes;
import dev.glasshouse.core.memory.RowSizes;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * A hash join whose build side does not fit in the task's execution memory. Both sides are split into
 * {@value #FAN_OUT} spill files by a hash of the join key, so the rows of one key land in the same pair of files;
 * then each pair is joined in memory, one after another. A pair whose build side still does not fit is split
 * again with another hash, up to {@value #MAX_DEPTH} levels. The rows of a single key cannot be split: when they
 * alone exceed the task's memory the task fails with a {@link TaskOutOfMemoryException} naming the key (checked
 * as soon as one bucket holds most of its parent's rows).
 *
 * <p>Rows with a null key match nothing, so they are kept apart from the start: stream rows of that kind go
 * through an in-memory join with an empty build side (which pads or drops them as the join type says), build rows
 * are emitted padded when the join keeps unmatched build rows and dropped otherwise. Unmatched build rows of each
 * pair are emitted when the pair is done: the pair holds every row of its keys, so the join type's semantics
 * hold pair by pair.
 */
final class GraceHashJoin {
    static final int FAN_OUT = 16;
    static final int MAX_DEPTH = 4;
    static final int HEAVY_KEY_CANDIDATES = 64;

    private final PartitionOperator.HashJoin join;
    private final Schema buildSchema;
    private final TaskMemory memory;
    private final int[] buildKeys;
    private final int[] streamKeys;
    private final long rowOverhead;

    GraceHashJoin(PartitionOperator.HashJoin join, Schema buildSchema, TaskMemory memory) {
        this.join = join;
        this.buildSchema = buildSchema;
        this.memory = memory;
        this.buildKeys = join.buildLeft() ? join.leftKeys() : join.rightKeys();
        this.streamKeys = join.buildLeft() ? join.rightKeys() : join.leftKeys();
        this.rowOverhead = HashJoinIterator.buildRowOverhead(buildKeys.length);
    }

    /** The files of one side split by key hash; index {@link #FAN_OUT} holds the rows with a null key (depth 0). */
    private record Split(Path[] files, long[] rows, long[] heapBytes) {
    }

    /**
     * @param buffered    build rows read so far (they no longer fit); the list is emptied
     * @param reservation what {@code buffered} holds; released once they are on disk
     */
    Iterator<Row> join(List<Row> buffered, TaskMemory.Reservation reservation, Iterator<Row> restOfBuild,
                       Iterator<Row> stream) {
        Split build = split(concat(drain(buffered), restOfBuild), buildKeys, 0, "join-build");
        reservation.release();
        Split streamed = split(stream, streamKeys, 0, "join-stream");
        long buildRows = 0;
        for (long rows : build.rows()) buildRows += rows;
        Iterator<Row> pairs = joinPairs(build, streamed, 0, buildRows);
        return concat(pairs, nullKeyRows(build, streamed));
    }

    /** Writes rows into one file per key-hash bucket, plus one for null keys at depth 0. */
    private Split split(Iterator<Row> rows, int[] keys, int depth, String kind) {
        int buckets = depth == 0 ? FAN_OUT + 1 : FAN_OUT;
        SpillWriter[] writers = new SpillWriter[buckets];
        long[] counts = new long[buckets];
        long[] heapBytes = new long[buckets];
        for (int b = 0; b < buckets; b++) writers[b] = memory.newSpillFile(kind + "-d" + depth + "-p" + b);
        try {
            while (rows.hasNext()) {
                Row row = rows.next();
                Row key = HashJoinIterator.key(row, keys);
                int bucket = key == null ? FAN_OUT : bucket(key, depth);
                writers[bucket].write(row);
                counts[bucket]++;
                heapBytes[bucket] += RowSizes.of(row) + rowOverhead;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a spill file of the join", e);
        }
        Path[] files = new Path[buckets];
        for (int b = 0; b < buckets; b++) {
            memory.finishSpillFile(writers[b]);
            files[b] = writers[b].file();
        }
        return new Split(files, counts, heapBytes);
    }

    /** The bucket of a key at a depth: each depth mixes the key's hash with its own seed. */
    static int bucket(Row key, int depth) {
        int h = key.hashCode() ^ (0x9E3779B9 * (depth + 1));
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, FAN_OUT);
    }

    /** Joins bucket after bucket, each only when the previous one is drained. */
    private Iterator<Row> joinPairs(Split build, Split streamed, int depth, long parentRows) {
        return flatten(FAN_OUT, b -> joinPair(build.files()[b], build.rows()[b], build.heapBytes()[b],
                streamed.files()[b], depth, parentRows));
    }

    private Iterator<Row> joinPair(Path buildFile, long buildRows, long buildHeapBytes, Path streamFile, int depth,
                                   long parentRows) {
        if (buildHeapBytes <= memory.limitBytes()) {
            TaskMemory.Reservation reservation = memory.reserve();
            List<Row> rows = load(buildFile, reservation);
            if (rows != null) {
                deleteQuietly(buildFile);
                return new HashJoinIterator(join, memory.readSpillFile(streamFile, true), rows, reservation::release);
            }
        }
        // Still too big: a single key cannot be split, anything else is split again with the next hash. A bucket
        // with most of its parent's rows is skewed: look for the key that fills it before splitting again.
        if (buildRows * 2 > parentRows || depth + 1 >= MAX_DEPTH) failIfOneKeyIsTooBig(buildFile, depth);
        Split build = split(memory.readSpillFile(buildFile, true), buildKeys, depth + 1, "join-build");
        Split streamed = split(memory.readSpillFile(streamFile, true), streamKeys, depth + 1, "join-stream");
        return joinPairs(build, streamed, depth + 1, buildRows);
    }

    /** The rows of a build file, or null (nothing held) once they outgrow the task's memory. */
    private List<Row> load(Path file, TaskMemory.Reservation reservation) {
        List<Row> rows = new ArrayList<>();
        try (SpillReader reader = memory.readSpillFile(file, false)) {
            while (reader.hasNext()) {
                Row row = reader.next();
                rows.add(row);
                if (!reservation.grow(RowSizes.of(row) + rowOverhead)) {
                    reservation.release();
                    return null;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the join's spill file " + file, e);
        }
        return rows;
    }

    /**
     * Called for a bucket that holds most of its parent's rows, or at the last depth: fails when one key's rows
     * alone exceed the task's memory, naming it, and at the last depth fails anyway. Finds the heaviest keys with
     * the Misra–Gries summary ({@value #HEAVY_KEY_CANDIDATES} counters: every key with more than 1/{@value
     * #HEAVY_KEY_CANDIDATES} of the rows is among them), then measures those exactly, so the scan holds a bounded
     * number of keys however many the bucket has.
     */
    private void failIfOneKeyIsTooBig(Path buildFile, int depth) {
        Map<Row, long[]> candidates = new HashMap<>();
        try (SpillReader reader = memory.readSpillFile(buildFile, false)) {
            while (reader.hasNext()) {
                Row key = HashJoinIterator.key(reader.next(), buildKeys);
                long[] counter = candidates.get(key);
                if (counter != null) {
                    counter[0]++;
                } else if (candidates.size() < HEAVY_KEY_CANDIDATES) {
                    candidates.put(key, new long[]{1});
                } else {
                    candidates.values().removeIf(c -> --c[0] == 0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the join's spill file " + buildFile, e);
        }
        candidates.values().forEach(c -> c[0] = 0);
        long total = 0;
        try (SpillReader reader = memory.readSpillFile(buildFile, false)) {
            while (reader.hasNext()) {
                Row row = reader.next();
                long bytes = RowSizes.of(row) + rowOverhead;
                total += bytes;
                long[] counter = candidates.get(HashJoinIterator.key(row, buildKeys));
                if (counter != null) counter[0] += bytes;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the join's spill file " + buildFile, e);
        }
        String advice = "Salt the skewed key or give executors more --memory.";
        Map.Entry<Row, long[]> heaviest = candidates.entrySet().stream()
                .max(java.util.Comparator.comparingLong(entry -> entry.getValue()[0])).orElse(null);
        if (heaviest != null && heaviest.getValue()[0] > memory.limitBytes()) {
            throw memory.cannotFit("the join's build side holds " + ByteSizes.describe(heaviest.getValue()[0])
                    + " for a single key " + describeKey(heaviest.getKey()), advice);
        }
        if (depth + 1 >= MAX_DEPTH) {
            throw memory.cannotFit("the join's build side holds " + ByteSizes.describe(total) + " in keys that"
                    + " share one hash bucket after " + MAX_DEPTH + " splits"
                    + (heaviest == null ? "" : " (the heaviest, " + describeKey(heaviest.getKey()) + ", holds "
                    + ByteSizes.describe(heaviest.getValue()[0]) + ")"), advice);
        }
    }

    /** "[customer_id=42]": the key columns' names on the build side and their values. */
    private String describeKey(Row key) {
        StringBuilder text = new StringBuilder("[");
        for (int k = 0; k < buildKeys.length; k++) {
            if (k > 0) text.append(", ");
            int column = buildKeys[k];
            String name = column < buildSchema.size() ? buildSchema.field(column).name() : "#" + column;
            text.append(name).append('=').append(key.get(k));
        }
        return text.append(']').toString();
    }

    /** Stream rows with a null key through an empty build side; build rows with one padded, if the type keeps them. */
    private Iterator<Row> nullKeyRows(Split build, Split streamed) {
        Iterator<Row> stream = new HashJoinIterator(join, memory.readSpillFile(streamed.files()[FAN_OUT], true),
                List.of(), () -> { });
        SpillReader buildRows = memory.readSpillFile(build.files()[FAN_OUT], true);
        if (!HashJoinIterator.buildIsOuter(join)) {
            try {
                buildRows.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return stream;
        }
        return concat(stream, new MappingIterator(buildRows, row -> HashJoinIterator.unmatchedBuildRow(join, row)));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The task's spill directory is deleted when the task ends.
        }
    }

    /** The list's rows, each slot cleared once read; the list is emptied at the end. */
    private static Iterator<Row> drain(List<Row> rows) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next < rows.size()) return true;
                rows.clear();
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return rows.set(next++, null);
            }
        };
    }

    private static Iterator<Row> concat(Iterator<Row> first, Iterator<Row> second) {
        return flatten(2, i -> i == 0 ? first : second);
    }

    /** The rows of parts 0..count-1 one after another; each part is created only when the previous one is drained. */
    private static Iterator<Row> flatten(int count, IntFunction<Iterator<Row>> part) {
        return new Iterator<>() {
            private int next;
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (next >= count) return false;
                    current = part.apply(next++);
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }
}
