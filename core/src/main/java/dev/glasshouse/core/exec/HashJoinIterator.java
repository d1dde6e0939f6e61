package dev.glasshouse.core.exec;

import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.row.Row;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
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
    /**
     * Key → indexes of the build rows with it. A key of one column is its value itself, of several a Row: a probe
     * then allocates nothing for the common single-column join. Null once the join has ended (memory released).
     */
    private JoinKeyIndex table = new JoinKeyIndex();
    /** For each output column of a join on using-columns: >= 0 a left column, < 0 the right column -1 - c. */
    private final int[] mergedOutput;
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
            Object key = probeKey(buildRows.get(index), buildKeys);
            if (key != null) table.add(key, index);
        }
        table.seal();
        this.mergedOutput = join.mergeKeys() ? mergedOutput(join) : null;
    }

    /**
     * Heap bytes a build row costs beyond the row itself: its key row (values shared with the row), the table
     * entry and boxed index, the list slot.
     */
    static long buildRowOverhead(int keyColumns) {
        return 112 + 4L * keyColumns;
    }

    /** The key value (one column) or values (a Row), or null when one of them is null (such a row matches nothing). */
    private static Object probeKey(Row row, int[] columns) {
        if (columns.length == 1) return row.get(columns[0]);
        return key(row, columns);
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
                    ready.add(join.buildLeft() ? output(build, null) : output(null, build));
                }
            } else {
                if (!ended) {
                    ended = true;
                    table = null;
                    onEnd.run();
                }
                return false;
            }
        }
        return true;
    }

    private void probe(Row streamed) {
        Object key = probeKey(streamed, join.buildLeft() ? join.rightKeys() : join.leftKeys());
        boolean matched = false;
        int first = key == null ? JoinKeyIndex.NONE : table.first(key);
        for (int index = first; index != JoinKeyIndex.NONE; index = table.next(index)) {
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
        return output(join, mergedOutput, left, right);
    }

    /**
     * The output row of a build row that matched nothing, padded with nulls (outer joins keeping the build side).
     * Works out the output layout each time: for the few rows a spilled join emits this way.
     */
    static Row unmatchedBuildRow(PartitionOperator.HashJoin join, Row build) {
        int[] layout = join.mergeKeys() ? mergedOutput(join) : null;
        return join.buildLeft() ? output(join, layout, build, null) : output(join, layout, null, build);
    }

    private static Row output(PartitionOperator.HashJoin join, int[] mergedOutput, Row left, Row right) {
        if (!join.mergeKeys()) return concat(join, left, right);
        int[] leftKeys = join.leftKeys();
        int[] rightKeys = join.rightKeys();
        Object[] values = new Object[mergedOutput.length];
        for (int k = 0; k < leftKeys.length; k++) {
            Object fromLeft = left == null ? null : left.get(leftKeys[k]);
            values[k] = fromLeft != null ? fromLeft : right == null ? null : right.get(rightKeys[k]);
        }
        for (int i = leftKeys.length; i < values.length; i++) {
            int column = mergedOutput[i];
            Row side = column >= 0 ? left : right;
            values[i] = side == null ? null : side.get(column >= 0 ? column : -1 - column);
        }
        return new Row(values);
    }

    /** The output layout of a join on using-columns: the merged keys, then the left's other columns, then the right's. */
    private static int[] mergedOutput(PartitionOperator.HashJoin join) {
        List<Integer> columns = new ArrayList<>();
        for (int k = 0; k < join.leftKeys().length; k++) columns.add(Integer.MIN_VALUE); // merged: see output()
        for (int i = 0; i < join.leftWidth(); i++) {
            if (!contains(join.leftKeys(), i)) columns.add(i);
        }
        for (int i = 0; i < join.rightWidth(); i++) {
            if (!contains(join.rightKeys(), i)) columns.add(-1 - i);
        }
        return columns.stream().mapToInt(Integer::intValue).toArray();
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
