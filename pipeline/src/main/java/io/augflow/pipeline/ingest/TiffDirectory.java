package io.augflow.pipeline.ingest;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The first image file directory (IFD0) of a TIFF structure: a TIFF file, or the EXIF block of a JPEG, PNG or WebP
 * (an EXIF block is a small TIFF structure: byte-order mark, 42, offset of IFD0). Both byte orders.
 *
 * <p>Every offset is checked against the structure's bytes before it is followed ({@link ByteWindow}), and the
 * chain of directories (IFD0 -> IFD1 -> ...) is walked to its end with each directory visited at most once and at
 * most {@code maxDirectories} of them, so a hostile file (IFD0 or one of its values past the end, a chain that
 * loops, a count of 4 billion entries) is {@link QuarantineReason#UNDECODABLE} after reading a few bytes, never an
 * exception of another kind and never a hang. Only IFD0's entries are kept: that is where a TIFF's size and an
 * EXIF block's orientation are, and the only directory OpenCV reads. A pointer past IFD0 to a directory that does
 * not fit in the structure ends the walk instead: photo editors that drop the EXIF thumbnail leave such stale
 * IFD1 pointers, and nothing of that directory is used. Sub-directories (EXIF, GPS) are not followed.
 */
final class TiffDirectory {
    static final int IMAGE_WIDTH = 0x0100;
    static final int IMAGE_LENGTH = 0x0101;
    static final int PHOTOMETRIC = 0x0106;
    static final int STRIP_OFFSETS = 0x0111;
    static final int ORIENTATION = 0x0112;
    static final int SAMPLES_PER_PIXEL = 0x0115;
    static final int STRIP_BYTE_COUNTS = 0x0117;
    static final int TILE_OFFSETS = 0x0144;
    static final int TILE_BYTE_COUNTS = 0x0145;

    private static final int SHORT = 3;
    private static final int LONG = 4;
    private static final int ENTRY_BYTES = 12;

    /** One directory entry: {@code field} is the offset of its 4-byte value-or-offset field in the structure. */
    record Entry(int tag, int type, long count, long field) {}

    private final ByteWindow tiff;
    private final Map<Integer, Entry> entries;

    private TiffDirectory(ByteWindow tiff, Map<Integer, Entry> entries) {
        this.tiff = tiff;
        this.entries = entries;
    }

    /**
     * Reads the header and IFD0, and walks the directory chain.
     *
     * @param structure the TIFF structure's bytes (its byte order is read from them)
     * @throws ImageHeaderException UNDECODABLE for anything malformed, naming what and where
     */
    static TiffDirectory read(ByteWindow structure, int maxDirectories) {
        structure.require(0, 8, "the TIFF header");
        boolean big;
        if (structure.matches(0, "MM")) {
            big = true;
        } else if (structure.matches(0, "II")) {
            big = false;
        } else {
            throw malformed(structure, String.format(Locale.ROOT, "byte-order mark must be II or MM, found %02x %02x",
                    structure.u8(0), structure.u8(1)));
        }
        ByteWindow tiff = structure.withBigEndian(big);
        int magic = tiff.u16(2);
        if (magic != 42) {
            throw malformed(tiff, "magic number must be 42, found " + magic);
        }
        long offset = tiff.u32(4);
        if (offset == 0) {
            throw malformed(tiff, "has no first directory (offset 0)");
        }
        Map<Integer, Entry> first = new HashMap<>();
        Set<Long> visited = new HashSet<>();
        for (int index = 0; offset != 0; index++) {
            if (index >= maxDirectories) {
                throw malformed(tiff, "has more than " + maxDirectories + " directories");
            }
            if (!visited.add(offset)) {
                throw malformed(tiff, "directory chain loops back to offset " + offset);
            }
            if (index > 0 && !fits(tiff, offset)) {
                break; // a stale pointer past IFD0 (a thumbnail an editor dropped): nothing of it is used
            }
            if (offset < 8) {
                throw malformed(tiff, "directory " + index + " at offset " + offset + " overlaps the header");
            }
            int count = tiff.u16(offset);
            tiff.require(offset + 2, (long) count * ENTRY_BYTES + 4, "directory " + index + " (" + count
                    + " entries at offset " + offset + ")");
            if (index == 0) {
                for (int i = 0; i < count; i++) {
                    long at = offset + 2 + (long) i * ENTRY_BYTES;
                    Entry e = new Entry(tiff.u16(at), tiff.u16(at + 2), tiff.u32(at + 4), at + 8);
                    first.putIfAbsent(e.tag(), e); // the first of repeated tags wins, as in OpenCV's EXIF reader
                }
            }
            offset = tiff.u32(offset + 2 + (long) count * ENTRY_BYTES);
        }
        return new TiffDirectory(tiff, Map.copyOf(first));
    }

    /** Whether a whole directory (count, entries, next offset) lies at {@code offset}, after the header. */
    private static boolean fits(ByteWindow tiff, long offset) {
        return offset >= 8 && tiff.has(offset, 2) && tiff.has(offset + 2, (long) tiff.u16(offset) * ENTRY_BYTES + 4);
    }

    boolean isBigEndian() {
        return tiff.isBigEndian();
    }

    boolean has(int tag) {
        return entries.containsKey(tag);
    }

    /**
     * The orientation, read as OpenCV's EXIF reader reads it (the 16-bit value at the start of the entry's value
     * field, whatever type the entry claims), so a row whose bytes are kept gets the same orientation from
     * training's decoder as ingest gave it. No entry, or a value outside 1..8: {@link Orientation#NORMAL}.
     */
    Orientation orientation() {
        Entry e = entries.get(ORIENTATION);
        return e == null ? Orientation.NORMAL : Orientation.fromExif(tiff.u16(e.field()));
    }

    /** The single SHORT or LONG value of {@code tag}, or {@code absent} when there is no such entry. */
    long number(int tag, long absent) {
        Entry e = entries.get(tag);
        if (e == null) {
            return absent;
        }
        if (e.count() != 1) {
            throw malformed(tiff, tagName(tag) + " must hold one value, holds " + e.count());
        }
        return numbers(tag)[0];
    }

    /**
     * The SHORT or LONG values of {@code tag} (an empty array when there is no entry). Their bytes are checked to lie
     * inside the structure before the array is allocated, so a claimed count of 4 billion allocates nothing.
     */
    long[] numbers(int tag) {
        Entry e = entries.get(tag);
        if (e == null) {
            return new long[0];
        }
        int size = switch (e.type()) {
            case SHORT -> 2;
            case LONG -> 4;
            default -> throw malformed(tiff, tagName(tag) + " has field type " + e.type() + ", expected SHORT (3) or "
                    + "LONG (4)");
        };
        long bytes = e.count() * size;
        long at = bytes <= 4 ? e.field() : tiff.u32(e.field());
        tiff.require(at, bytes, tagName(tag) + "'s " + e.count() + " values");
        long[] values = new long[(int) e.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = size == 2 ? tiff.u16(at + 2L * i) : tiff.u32(at + 4L * i);
        }
        return values;
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case IMAGE_WIDTH -> "ImageWidth";
            case IMAGE_LENGTH -> "ImageLength";
            case STRIP_OFFSETS -> "StripOffsets";
            case STRIP_BYTE_COUNTS -> "StripByteCounts";
            case TILE_OFFSETS -> "TileOffsets";
            case TILE_BYTE_COUNTS -> "TileByteCounts";
            case SAMPLES_PER_PIXEL -> "SamplesPerPixel";
            case PHOTOMETRIC -> "PhotometricInterpretation";
            default -> String.format(Locale.ROOT, "tag 0x%04x", tag);
        };
    }

    private static ImageHeaderException malformed(ByteWindow w, String problem) {
        return new ImageHeaderException(QuarantineReason.UNDECODABLE, w.what() + ": " + problem);
    }
}
