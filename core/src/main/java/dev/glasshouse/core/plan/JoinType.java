package dev.glasshouse.core.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The join types of Spark's {@code join(other, condition, joinType)}, with the names Spark accepts. */
public enum JoinType {
    INNER("inner"),
    LEFT_OUTER("left_outer", "left", "leftouter"),
    RIGHT_OUTER("right_outer", "right", "rightouter"),
    FULL_OUTER("full_outer", "full", "outer", "fullouter"),
    LEFT_SEMI("left_semi", "semi", "leftsemi"),
    LEFT_ANTI("left_anti", "anti", "leftanti");

    private final String[] names;

    JoinType(String... names) {
        this.names = names;
    }

    public String sqlName() {
        return names[0];
    }

    /** True when the output has only the left side's columns. */
    public boolean leftOnly() {
        return this == LEFT_SEMI || this == LEFT_ANTI;
    }

    /** True when unmatched left rows appear in the output, padded with nulls on the right. */
    public boolean keepsUnmatchedLeft() {
        return this == LEFT_OUTER || this == FULL_OUTER;
    }

    /** True when unmatched right rows appear in the output, padded with nulls on the left. */
    public boolean keepsUnmatchedRight() {
        return this == RIGHT_OUTER || this == FULL_OUTER;
    }

    public static JoinType parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (JoinType type : values()) {
            if (Arrays.asList(type.names).contains(wanted)) return type;
        }
        throw new IllegalArgumentException("unknown join type '" + name + "': use one of "
                + Arrays.stream(values()).flatMap(t -> Arrays.stream(t.names)).collect(Collectors.joining(", ")));
    }
}
