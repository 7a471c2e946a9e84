package dev.chipmc.io.parquet;

import java.util.Objects;

/**
 * One column of a flat Parquet table: a name and one of five value types. Every column is written as an OPTIONAL
 * Parquet field, so any cell may be null; doubles may also be NaN, which is a value, not a null.
 *
 * <p>Physical Parquet types: {@code INT32}, {@code INT64}, {@code DOUBLE}, {@code BOOLEAN}, and {@code BINARY}
 * annotated with the {@code STRING} logical type (UTF-8), which DuckDB, pandas and Arrow read as a text column.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the column name, not blank
 * @param type the value type
 */
public record Column(String name, Type type) {

  /** Value type of a column. */
  public enum Type {
    /** 32-bit signed integer. */
    INT32,
    /** 64-bit signed integer. */
    INT64,
    /** IEEE 754 double; NaN and infinities are stored as they are. */
    DOUBLE,
    /** UTF-8 text, dictionary-encoded. */
    STRING,
    /** true or false. */
    BOOLEAN
  }

  /**
   * Checks the arguments.
   *
   * @throws NullPointerException if {@code name} or {@code type} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
  }

  /**
   * @param n the column name
   * @return an {@link Type#INT32} column
   */
  public static Column int32(String n) {
    return new Column(n, Type.INT32);
  }

  /**
   * @param n the column name
   * @return an {@link Type#INT64} column
   */
  public static Column int64(String n) {
    return new Column(n, Type.INT64);
  }

  /**
   * @param n the column name
   * @return a {@link Type#DOUBLE} column
   */
  public static Column dbl(String n) {
    return new Column(n, Type.DOUBLE);
  }

  /**
   * @param n the column name
   * @return a {@link Type#STRING} column
   */
  public static Column string(String n) {
    return new Column(n, Type.STRING);
  }

  /**
   * @param n the column name
   * @return a {@link Type#BOOLEAN} column
   */
  public static Column bool(String n) {
    return new Column(n, Type.BOOLEAN);
  }
}
