package io.augflow.pipeline.stream;

import io.augflow.augment.Box;
import io.augflow.augment.Sample;
import io.augflow.pipeline.dataset.DatasetSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;

/**
 * Reads one {@link Shard} straight from its Parquet file, without Spark: it runs inside training tasks.
 * Only the columns the stream needs are read (not width, height).
 */
public final class ShardReader {
    private static final List<String> COLUMNS = List.of(DatasetSchema.ID, DatasetSchema.IMAGE, DatasetSchema.CHANNELS,
            DatasetSchema.LABEL, DatasetSchema.OBJECTS, DatasetSchema.SPLIT, DatasetSchema.SOURCE);
    private static final byte[] NO_IMAGE = new byte[0];

    private ShardReader() {}

    public static List<SourceRow> read(Shard shard, Configuration conf) {
        return read(shard, conf, true);
    }

    /**
     * @param withImages false reads every column but the image bytes (their {@code image} is empty): what
     *                   planning an epoch needs, at a fraction of the I/O
     */
    public static List<SourceRow> read(Shard shard, Configuration conf, boolean withImages) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(shard.file()), conf))) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            MessageType projection = new MessageType(fileSchema.getName(),
                    COLUMNS.stream().filter(c -> withImages || !c.equals(DatasetSchema.IMAGE))
                            .map(fileSchema::getType).toList());
            reader.setRequestedSchema(projection);
            PageReadStore pages = reader.readRowGroup(shard.rowGroup());
            if (pages == null || pages.getRowCount() < shard.firstRow() + shard.rowCount()) {
                throw new IllegalStateException("shard " + shard.encode() + " is past the end of its row group"
                        + " (the dataset changed since the epoch was planned?)");
            }
            RecordReader<Group> records = new ColumnIOFactory().getColumnIO(projection, fileSchema)
                    .getRecordReader(pages, new GroupRecordConverter(projection));
            for (long i = 0; i < shard.firstRow(); i++) {
                records.read();
            }
            List<SourceRow> rows = new ArrayList<>(shard.rowCount());
            for (int i = 0; i < shard.rowCount(); i++) {
                rows.add(toRow(records.read()));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rows " + shard.firstRow() + "+" + shard.rowCount() + " of row group "
                    + shard.rowGroup() + " of " + shard.file() + ": " + e.getMessage(), e);
        }
    }

    private static SourceRow toRow(Group g) {
        int label = g.getFieldRepetitionCount(DatasetSchema.LABEL) == 0 ? Sample.NO_LABEL
                : g.getInteger(DatasetSchema.LABEL, 0);
        byte[] image = g.getType().containsField(DatasetSchema.IMAGE) ? g.getBinary(DatasetSchema.IMAGE, 0).getBytes()
                : NO_IMAGE;
        return new SourceRow(g.getString(DatasetSchema.ID, 0), image,
                g.getInteger(DatasetSchema.CHANNELS, 0), label, boxes(g), g.getString(DatasetSchema.SPLIT, 0),
                g.getString(DatasetSchema.SOURCE, 0));
    }

    /** Spark writes arrays in Parquet's three-level LIST form: objects.list[i].element. */
    private static List<Box> boxes(Group g) {
        if (g.getFieldRepetitionCount(DatasetSchema.OBJECTS) == 0) {
            return List.of();
        }
        Group objects = g.getGroup(DatasetSchema.OBJECTS, 0);
        GroupType listType = objects.getType();
        String repeated = listType.getFieldName(0);
        int n = objects.getFieldRepetitionCount(repeated);
        List<Box> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Group entry = objects.getGroup(repeated, i);
            Group e = entry.getType().getFieldCount() == 1 && !entry.getType().containsField("class")
                    ? entry.getGroup(0, 0) : entry;
            // files written before the crowd field have none: not a crowd
            boolean crowd = e.getType().containsField(DatasetSchema.CROWD)
                    && e.getFieldRepetitionCount(DatasetSchema.CROWD) > 0 && e.getBoolean(DatasetSchema.CROWD, 0);
            boxes.add(new Box(e.getInteger("class", 0), e.getFloat("x", 0), e.getFloat("y", 0),
                    e.getFloat("w", 0), e.getFloat("h", 0), false, crowd));
        }
        return boxes;
    }
}
