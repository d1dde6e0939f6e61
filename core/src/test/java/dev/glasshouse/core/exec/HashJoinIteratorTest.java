package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.row.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hash join against a nested loop, for every join type, build side, key count and output layout, on rows with
 * duplicate keys, unmatched keys and null keys.
 */
class HashJoinIteratorTest {
    private static final int WIDTH = 3;

    private static List<Row> rows(SplittableRandom random, int count, String tag) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Long a = random.nextInt(10) == 0 ? null : (long) random.nextInt(12);
            String b = random.nextInt(10) == 0 ? null : "k" + random.nextInt(3);
            rows.add(new Row(a, b, tag + i));
        }
        return rows;
    }

    private static boolean keysEqual(Row left, Row right, int[] keys) {
        for (int key : keys) {
            if (left.get(key) == null || right.get(key) == null || !left.get(key).equals(right.get(key))) return false;
        }
        return true;
    }

    private static Row output(Row left, Row right, int[] keys, boolean mergeKeys) {
        List<Object> values = new ArrayList<>();
        if (!mergeKeys) {
            for (int i = 0; i < WIDTH; i++) values.add(left == null ? null : left.get(i));
            for (int i = 0; i < WIDTH; i++) values.add(right == null ? null : right.get(i));
            return Row.of(values);
        }
        for (int key : keys) values.add(left != null && left.get(key) != null ? left.get(key) : right == null ? null : right.get(key));
        for (int i = 0; i < WIDTH; i++) {
            if (!contains(keys, i)) values.add(left == null ? null : left.get(i));
        }
        for (int i = 0; i < WIDTH; i++) {
            if (!contains(keys, i)) values.add(right == null ? null : right.get(i));
        }
        return Row.of(values);
    }

    private static boolean contains(int[] keys, int column) {
        return Arrays.stream(keys).anyMatch(k -> k == column);
    }

    private static List<Row> nestedLoop(List<Row> left, List<Row> right, JoinType type, int[] keys, boolean merge) {
        List<Row> out = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (Row l : left) {
            boolean matched = false;
            for (int r = 0; r < right.size(); r++) {
                if (!keysEqual(l, right.get(r), keys)) continue;
                matched = true;
                rightMatched[r] = true;
                if (!type.leftOnly()) out.add(output(l, right.get(r), keys, merge));
            }
            if (type == JoinType.LEFT_SEMI && matched) out.add(l);
            if (type == JoinType.LEFT_ANTI && !matched) out.add(l);
            if (!matched && type.keepsUnmatchedLeft()) out.add(output(l, null, keys, merge));
        }
        if (type.keepsUnmatchedRight()) {
            for (int r = 0; r < right.size(); r++) {
                if (!rightMatched[r]) out.add(output(null, right.get(r), keys, merge));
            }
        }
        return out;
    }

    @Test
    void matchesANestedLoopForEveryJoinTypeSideKeyCountAndLayout() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 20; round++) {
            List<Row> left = rows(random, random.nextInt(40), "l");
            List<Row> right = rows(random, random.nextInt(40), "r");
            for (int[] keys : List.of(new int[] {0}, new int[] {1}, new int[] {0, 1})) {
                for (JoinType type : JoinType.values()) {
                    for (boolean buildLeft : new boolean[] {false, true}) {
                        if (buildLeft && type.leftOnly()) continue;
                        for (boolean merge : new boolean[] {false, true}) {
                            PartitionOperator.HashJoin join = new PartitionOperator.HashJoin(type, buildLeft, keys,
                                    keys, null, WIDTH, WIDTH, merge, null);
                            List<Row> actual = new ArrayList<>();
                            new HashJoinIterator(join, (buildLeft ? right : left).iterator(),
                                    buildLeft ? left : right, () -> { }).forEachRemaining(actual::add);
                            assertThat(actual).as("%s on %s, build %s, merge %s", type, Arrays.toString(keys),
                                            buildLeft ? "left" : "right", merge)
                                    .containsExactlyInAnyOrderElementsOf(nestedLoop(left, right, type, keys, merge));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aLargeLongKeyedBuildSideWithCollisionsAndDuplicates() {
        SplittableRandom random = new SplittableRandom(9);
        List<Row> left = new ArrayList<>();
        List<Row> right = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            left.add(new Row((random.nextLong(3000) - 1500) << 20, "x", "l" + i));
            right.add(new Row((random.nextLong(3000) - 1500) << 20, "y", "r" + i));
        }
        int[] keys = {0};
        for (JoinType type : List.of(JoinType.INNER, JoinType.FULL_OUTER, JoinType.LEFT_ANTI)) {
            PartitionOperator.HashJoin join = new PartitionOperator.HashJoin(type, false, keys, keys, null, WIDTH,
                    WIDTH, true, null);
            List<Row> actual = new ArrayList<>();
            new HashJoinIterator(join, left.iterator(), right, () -> { }).forEachRemaining(actual::add);
            assertThat(actual).as(type.toString())
                    .containsExactlyInAnyOrderElementsOf(nestedLoop(left, right, type, keys, true));
        }
    }
}
