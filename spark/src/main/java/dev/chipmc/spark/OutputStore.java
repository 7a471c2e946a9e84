package dev.chipmc.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output directory of a Spark run or sweep, on any file system Hadoop reaches ({@code file:},
 * {@code hdfs:}, {@code s3a:}, ...). Files are produced on local disk and published with
 * {@link #publish}: copied to a hidden temporary name in the target directory, then renamed to their
 * final name, so a final name only ever holds a complete file. Publishing the same file twice (a
 * retried or speculative Spark task) leaves one copy: the content is the same, because tasks are
 * deterministic. Checksum side files ({@code .crc}) are not written, so a local output has exactly
 * the layout of a local run.
 *
 * <p>Serializable (the Hadoop configuration travels with it to executors); thread-safe.
 */
public final class OutputStore implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String root;
    private transient Configuration conf;

    public OutputStore(String root, Configuration conf) {
        this.root = root;
        this.conf = conf;
    }

    public String root() {
        return root;
    }

    public Path path(String relative) {
        return relative.isEmpty() ? new Path(root) : new Path(root, relative);
    }

    public FileSystem fs() throws IOException {
        FileSystem fs = new Path(root).getFileSystem(conf);
        fs.setWriteChecksum(false);
        return fs;
    }

    public boolean exists(String relative) throws IOException {
        return fs().exists(path(relative));
    }

    /**
     * Copies the local file to {@code relative} under the root: to a temporary sibling first, renamed
     * to the final name; where the final name already exists (an earlier attempt of the same task
     * published it) the temporary copy is dropped.
     */
    public void publish(java.nio.file.Path local, String relative) throws IOException {
        FileSystem fs = fs();
        Path target = path(relative);
        fs.mkdirs(target.getParent());
        Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
        if (!fs.rename(tmp, target)) {
            boolean already = fs.exists(target);
            fs.delete(tmp, false);
            if (!already) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        }
    }

    /** The store of the sibling directory {@code <root><suffix>} (a staging directory). */
    public OutputStore sibling(String suffix) {
        return new OutputStore(root + suffix, conf);
    }

    /** Renames this (finished staging) directory to {@code target}'s root, which must not exist. */
    public void renameTo(OutputStore target) throws IOException {
        FileSystem fs = fs();
        Path to = new Path(target.root);
        if (fs.exists(to)) {
            throw new IOException(target.root + " appeared while the job ran; the finished output stays in " + root);
        }
        if (!fs.rename(new Path(root), to)) {
            throw new IOException("cannot rename " + root + " to " + target.root);
        }
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
