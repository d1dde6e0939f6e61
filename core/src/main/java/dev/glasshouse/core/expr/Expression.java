package dev.glasshouse.core.expr;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * A scalar expression over one row. Built unresolved by the user ({@link ColumnRef} by name), bound by the
 * driver's analyzer ({@link BoundColumn} by position), and shipped to executors inside task plans.
 *
 * <p>Invariant: {@link #eval} and {@link #dataType} are only called on bound expressions (no {@link ColumnRef}
 * inside). Every operator follows SQL three-valued logic: a null input gives a null result unless stated otherwise.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ColumnRef.class, name = "column"),
    @JsonSubTypes.Type(value = BoundColumn.class, name = "bound"),
    @JsonSubTypes.Type(value = Literal.class, name = "literal"),
    @JsonSubTypes.Type(value = Arithmetic.class, name = "arithmetic"),
    @JsonSubTypes.Type(value = Comparison.class, name = "comparison"),
    @JsonSubTypes.Type(value = And.class, name = "and"),
    @JsonSubTypes.Type(value = Or.class, name = "or"),
    @JsonSubTypes.Type(value = Not.class, name = "not"),
    @JsonSubTypes.Type(value = IsNull.class, name = "isNull"),
    @JsonSubTypes.Type(value = Alias.class, name = "alias"),
    @JsonSubTypes.Type(value = In.class, name = "in"),
    @JsonSubTypes.Type(value = Like.class, name = "like"),
    @JsonSubTypes.Type(value = Cast.class, name = "cast"),
    @JsonSubTypes.Type(value = CaseWhen.class, name = "caseWhen"),
    @JsonSubTypes.Type(value = Coalesce.class, name = "coalesce"),
    @JsonSubTypes.Type(value = StringFunction.class, name = "stringFunction"),
    @JsonSubTypes.Type(value = Substring.class, name = "substring"),
    @JsonSubTypes.Type(value = Concat.class, name = "concat"),
    @JsonSubTypes.Type(value = DatePart.class, name = "datePart"),
    @JsonSubTypes.Type(value = ToDate.class, name = "toDate"),
    @JsonSubTypes.Type(value = DateTrunc.class, name = "dateTrunc"),
})
public sealed interface Expression
        permits ColumnRef, BoundColumn, Literal, Arithmetic, Comparison, And, Or, Not, IsNull, Alias,
                In, Like, Cast, CaseWhen, Coalesce, StringFunction, Substring, Concat, DatePart, ToDate, DateTrunc {

    Object eval(Row row);

    @JsonIgnore
    DataType dataType();

    @JsonIgnore
    List<Expression> children();

    /** The same expression with new children, in the order {@link #children()} returns them. */
    Expression withChildren(List<Expression> children);

    /** The column name this expression gets in a projection: the alias, the column name, or its text. */
    @JsonIgnore
    default String outputName() {
        return toString();
    }
}
