package dev.glasshouse.core.exec;

import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.row.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of a hash join: builds a hash table of the build side, then streams the other side through it. Rows
 * with a null in any key never match (SQL equality); outer joins pad the missing side with nulls. Unmatched
 * build rows are emitted after the stream is drained, so the build side may only keep its unmatched rows when
 * it is not broadcast (each task then owns its build rows alone).
 */
final class HashJoinIterator implements Iterator<Row> {
    private final PartitionOperator.HashJoin join;
    private final Iterator<Row> stream;
    private final List<Row> buildRows;
    /** Key → the index of its only build row (an Integer), or of its build rows (a List of them). */
    private final Map<Row, Object> table = new HashMap<>();
    private final Runnable onEnd;
    private boolean ended;
    private final BitSet matchedBuild = new BitSet();
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private final boolean streamIsOuter;
    private final boolean buildIsOuter;
    private int unmatchedCursor = -1;

    /** Whether the join's type keeps build rows that matched nothing (padded with nulls). */
    static boolean buildIsOuter(PartitionOperator.HashJoin join) {
        return join.buildLeft() ? join.type().keepsUnmatchedLeft() : join.type().keepsUnmatchedRight();
    }

    /**
     * @param buildRows the build side, all in memory (the caller counted them against the task's memory)
     * @param onEnd     run once when the last row has been returned: the caller releases the build side's memory
     */
    HashJoinIterator(PartitionOperator.HashJoin join, Iterator<Row> stream, List<Row> buildRows, Runnable onEnd) {
        this.join = join;
        this.stream = stream;
        this.buildRows = buildRows;
        this.onEnd = onEnd;
        JoinType type = join.type();
        this.streamIsOuter = join.buildLeft() ? type.keepsUnmatchedRight() : type.keepsUnmatchedLeft();
        this.buildIsOuter = buildIsOuter(join);
        int[] buildKeys = join.buildLeft() ? join.leftKeys() : join.rightKeys();
        for (int index = 0; index < buildRows.size(); index++) {
            Row key = key(buildRows.get(index), buildKeys);
            if (key == null) continue;
            Object previous = table.putIfAbsent(key, index);
            if (previous instanceof Integer first) {
                List<Integer> indexes = new ArrayList<>();
                indexes.add(first);
                indexes.add(index);
                table.put(key, indexes);
            } else if (previous != null) {
                @SuppressWarnings("unchecked")
                List<Integer> indexes = (List<Integer>) previous;
                indexes.add(index);
            }
        }
    }

    /**
     * Heap bytes a build row costs beyond the row itself: its key row (values shared with the row), the table
     * entry and boxed index, the list slot.
     */
    static long buildRowOverhead(int keyColumns) {
        return 112 + 4L * keyColumns;
    }

    /** The key values, or null when one of them is null (such a row matches nothing). */
    static Row key(Row row, int[] columns) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = row.get(columns[i]);
            if (values[i] == null) return null;
        }
        return new Row(values);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty()) {
            if (stream.hasNext()) {
                probe(stream.next());
            } else if (buildIsOuter && unmatchedCursor < buildRows.size()) {
                unmatchedCursor = matchedBuild.nextClearBit(unmatchedCursor + 1);
                if (unmatchedCursor < buildRows.size()) {
                    Row build = buildRows.get(unmatchedCursor);
                    ready.add(unmatchedBuildRow(join, build));
                }
            } else {
                if (!ended) {
                    ended = true;
                    table.clear();
                    onEnd.run();
                }
                return false;
            }
        }
        return true;
    }

    private void probe(Row streamed) {
        Row key = key(streamed, join.buildLeft() ? join.rightKeys() : join.leftKeys());
        List<Integer> candidates = candidates(key);
        boolean matched = false;
        for (int index : candidates) {
            Row build = buildRows.get(index);
            Row left = join.buildLeft() ? build : streamed;
            Row right = join.buildLeft() ? streamed : build;
            if (join.condition() != null && !Boolean.TRUE.equals(join.condition().eval(concat(left, right)))) continue;
            matched = true;
            matchedBuild.set(index);
            if (join.type().leftOnly()) break;
            ready.add(output(left, right));
        }
        if (join.type() == JoinType.LEFT_SEMI && matched) ready.add(streamed);
        if (join.type() == JoinType.LEFT_ANTI && !matched) ready.add(streamed);
        if (!matched && streamIsOuter) ready.add(join.buildLeft() ? output(null, streamed) : output(streamed, null));
    }

    @SuppressWarnings("unchecked")
    private List<Integer> candidates(Row key) {
        Object found = key == null ? null : table.get(key);
        if (found == null) return List.of();
        if (found instanceof Integer index) return List.of(index);
        return (List<Integer>) found;
    }

    private Row concat(Row left, Row right) {
        return concat(join, left, right);
    }

    private static Row concat(PartitionOperator.HashJoin join, Row left, Row right) {
        Object[] values = new Object[join.leftWidth() + join.rightWidth()];
        for (int i = 0; i < join.leftWidth(); i++) values[i] = left == null ? null : left.get(i);
        for (int i = 0; i < join.rightWidth(); i++) values[join.leftWidth() + i] = right == null ? null : right.get(i);
        return new Row(values);
    }

    /** Left then right columns; for a join on using-columns, the merged keys first, then the other columns. */
    private Row output(Row left, Row right) {
        return output(join, left, right);
    }

    /** The output row of a build row that matched nothing, padded with nulls (outer joins keeping the build side). */
    static Row unmatchedBuildRow(PartitionOperator.HashJoin join, Row build) {
        return join.buildLeft() ? output(join, build, null) : output(join, null, build);
    }

    private static Row output(PartitionOperator.HashJoin join, Row left, Row right) {
        if (!join.mergeKeys()) return concat(join, left, right);
        int[] leftKeys = join.leftKeys();
        int[] rightKeys = join.rightKeys();
        List<Object> values = new ArrayList<>();
        for (int k = 0; k < leftKeys.length; k++) {
            Object fromLeft = left == null ? null : left.get(leftKeys[k]);
            values.add(fromLeft != null ? fromLeft : right == null ? null : right.get(rightKeys[k]));
        }
        for (int i = 0; i < join.leftWidth(); i++) {
            if (!contains(leftKeys, i)) values.add(left == null ? null : left.get(i));
        }
        for (int i = 0; i < join.rightWidth(); i++) {
            if (!contains(rightKeys, i)) values.add(right == null ? null : right.get(i));
        }
        return new Row(values.toArray());
    }

    private static boolean contains(int[] columns, int column) {
        for (int c : columns) {
            if (c == column) return true;
        }
        return false;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
    }
}
