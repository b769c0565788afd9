package io.optout.lake;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.schema.InputSchemas;
import io.optout.schema.InputSchemas.InputColumn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks one Parquet file without reading its rows: the {@code PAR1} magic at head and tail, a
 * footer that fits in the file, column chunks inside the file, and the footer schema against the
 * contract (required columns there, each contract column of the contract's type). Costs two small
 * reads and the footer.
 */
final class ParquetFileCheck {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** Magic at the start, footer length and magic at the end. */
  private static final int MIN_LENGTH = 12;

  /** A file's outcome: its problem, or the schema Spark will read it with. */
  record Result(FileStatus file, Optional<String> problem, StructType schema) {
    static Result bad(FileStatus file, String problem) {
      return new Result(file, Optional.of(problem), null);
    }
  }

  private final Lake lake;
  private final Configuration hadoop;
  private final ParquetToSparkSchemaConverter converter;

  ParquetFileCheck(Lake lake, Configuration hadoop, ParquetToSparkSchemaConverter converter) {
    this.lake = lake;
    this.hadoop = hadoop;
    this.converter = converter;
  }

  Result check(FileSystem fs, FileStatus file) {
    long length = file.getLen();
    if (length < MIN_LENGTH) {
      return Result.bad(file, "not a Parquet file (" + length + " bytes, too small)");
    }
    byte[] head = new byte[4];
    byte[] tail = new byte[8];
    try (FSDataInputStream in = fs.open(file.getPath())) {
      in.readFully(0, head);
      in.readFully(length - tail.length, tail);
    } catch (IOException e) {
      return Result.bad(file, "cannot be read: " + OptoutException.firstLine(e.getMessage()));
    }
    if (!Arrays.equals(head, MAGIC)) {
      return Result.bad(file, "not a Parquet file (it does not start with PAR1)");
    }
    if (!Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
      return Result.bad(
          file, "truncated Parquet file (it starts with PAR1 but does not end with it)");
    }
    long footerLength =
        Integer.toUnsignedLong(ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    long dataEnd = length - tail.length - footerLength;
    if (dataEnd < head.length) {
      return Result.bad(
          file,
          "truncated Parquet file (its footer of "
              + footerLength
              + " bytes reaches past the start of the file)");
    }
    ParquetMetadata footer;
    try {
      footer =
          ParquetFileReader.readFooter(
              HadoopInputFile.fromStatus(file, hadoop), ParquetMetadataConverter.NO_FILTER);
    } catch (IOException
        | RuntimeException e) { // a corrupt footer fails Thrift decoding with either
      return Result.bad(
          file, "unreadable Parquet footer: " + OptoutException.firstLine(e.getMessage()));
    }
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (chunk.getStartingPos() + chunk.getTotalSize() > dataEnd) {
          return Result.bad(
              file,
              "truncated Parquet file (data of column '"
                  + chunk.getPath().toDotString()
                  + "' runs past its end)");
        }
      }
    }
    StructType schema;
    try {
      schema = sparkSchema(footer.getFileMetaData().getSchema());
    } catch (AnalysisException e) {
      return Result.bad(
          file, "column types Spark cannot read: " + OptoutException.firstLine(e.getMessage()));
    }
    return contractProblem(schema)
        .map(p -> Result.bad(file, p))
        .orElse(new Result(file, Optional.empty(), schema));
  }

  /**
   * Declared so the caller may catch it: Scala does not declare the AnalysisException it throws.
   */
  private StructType sparkSchema(MessageType parquet) throws AnalysisException {
    return converter.convert(parquet);
  }

  private Optional<String> contractProblem(StructType schema) {
    for (InputColumn column : InputSchemas.columns(lake)) {
      Optional<StructField> field =
          Arrays.stream(schema.fields()).filter(f -> f.name().equals(column.name())).findFirst();
      if (field.isEmpty()) {
        if (column.required()) {
          return Optional.of("required column '" + column.name() + "' is missing");
        }
        continue;
      }
      DataType type = field.get().dataType();
      if (!fits(type, column.type())) {
        return Optional.of(
            "column '"
                + column.name()
                + "' is "
                + article(type.simpleString())
                + " where the contract wants "
                + article(column.type().simpleString()));
      }
    }
    return Optional.empty();
  }

  /** Strings stored as plain BINARY read fine as strings; everything else must match exactly. */
  static boolean fits(DataType stored, DataType contract) {
    return stored.equals(contract)
        || (contract.equals(DataTypes.StringType) && stored.equals(DataTypes.BinaryType));
  }

  private static String article(String type) {
    return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
  }
}
