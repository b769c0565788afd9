package io.optout.lake;

import io.optout.OptoutException;
import io.optout.config.Lake;
import io.optout.schema.InputSchemas;
import io.optout.schema.InputSchemas.InputColumn;
import io.optout.spark.internal.ParquetSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks one Parquet file without reading its rows: parquet-java's footer reader (the magic at the
 * tail, a footer that fits in the file), column chunks inside the file, and the footer schema
 * against the contract (required columns there, each contract column of the contract's type). Costs
 * the footer read; a file whose tail is not Parquet costs one more small read, of its head, to tell
 * a truncated file from one that never was Parquet.
 */
final class ParquetFileCheck {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** Footer length and magic at the end. */
  private static final int TAIL = 8;

  /** parquet-java's messages (ParquetFileReader.readFooter), each with the number it reports. */
  private static final Pattern TOO_SHORT = Pattern.compile("length is too low: (\\d+)");

  private static final Pattern NO_TAIL_MAGIC = Pattern.compile("Expected magic number at tail");
  private static final Pattern FOOTER_OUTSIDE =
      Pattern.compile("footer index is not within the file: (-?\\d+)");

  /** A file's outcome: its problem, or the schema Spark will read it with. */
  record Result(FileStatus file, Optional<String> problem, StructType schema) {
    static Result bad(FileStatus file, String problem) {
      return new Result(file, Optional.of(problem), null);
    }
  }

  private final Lake lake;
  private final Configuration hadoop;
  private final ParquetSchemas schemas;

  ParquetFileCheck(Lake lake, Configuration hadoop, ParquetSchemas schemas) {
    this.lake = lake;
    this.hadoop = hadoop;
    this.schemas = schemas;
  }

  Result check(FileSystem fs, FileStatus file) {
    long length = file.getLen();
    ParquetMetadata footer;
    try {
      footer =
          ParquetFileReader.readFooter(
              HadoopInputFile.fromStatus(file, hadoop), ParquetMetadataConverter.NO_FILTER);
    } catch (IOException e) {
      return Result.bad(file, "cannot be read: " + OptoutException.firstLine(e.getMessage()));
    } catch (RuntimeException e) { // parquet-java's checks, and Thrift's on a corrupt footer
      return Result.bad(file, footerProblem(fs, file, e));
    }
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (chunk.getStartingPos() + chunk.getTotalSize() > length - TAIL) {
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
      schema = schemas.sparkSchema(footer.getFileMetaData().getSchema());
    } catch (AnalysisException e) {
      return Result.bad(
          file, "column types Spark cannot read: " + OptoutException.firstLine(e.getMessage()));
    }
    return contractProblem(schema)
        .map(p -> Result.bad(file, p))
        .orElse(new Result(file, Optional.empty(), schema));
  }

  /** parquet-java's refusal of a footer, as the one-line messages of the bad-input catalogue. */
  private static String footerProblem(FileSystem fs, FileStatus file, RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    long length = file.getLen();
    if (TOO_SHORT.matcher(message).find()) {
      return "not a Parquet file (" + length + " bytes, too small)";
    }
    if (NO_TAIL_MAGIC.matcher(message).find()) {
      return startsWithMagic(fs, file)
          ? "truncated Parquet file (it starts with PAR1 but does not end with it)"
          : "not a Parquet file (it does not start with PAR1)";
    }
    Matcher outside = FOOTER_OUTSIDE.matcher(message);
    if (outside.find()) {
      long footerLength = length - TAIL - Long.parseLong(outside.group(1));
      return "truncated Parquet file (its footer of "
          + footerLength
          + " bytes reaches past the start of the file)";
    }
    return "unreadable Parquet footer: " + OptoutException.firstLine(e.getMessage());
  }

  private static boolean startsWithMagic(FileSystem fs, FileStatus file) {
    byte[] head = new byte[MAGIC.length];
    try (FSDataInputStream in = fs.open(file.getPath())) {
      in.readFully(0, head);
      return Arrays.equals(head, MAGIC);
    } catch (IOException e) {
      return false;
    }
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
