package net.mailstat.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Opens the files mailstat owns so that a neighbour who can write the same directory (a shared
 * sticky {@code /var/tmp}) can neither make mailstat write through a symbolic link, nor hang it on
 * a FIFO, nor feed it numbers: a file is used only if {@code lstat} shows a regular file owned by
 * root, by this process's user or by the directory's owner, and it is opened without following
 * symbolic links. In a sticky or private directory nobody else can swap such a file between the
 * check and the open.
 */
final class TrustedFiles {
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final long OWN_UID = new com.sun.security.auth.module.UnixSystem().getUid();

  private TrustedFiles() {}

  /** Throws unless {@code file} is absent or a regular file of a trusted owner. */
  static void check(Path file) throws IOException {
    int mode;
    long uid;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      uid = ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
    } catch (NoSuchFileException e) {
      return;
    }
    String kind = switch (mode & S_IFMT) {
      case S_IFLNK -> "a symbolic link" + linkTarget(file);
      case S_IFIFO -> "a FIFO";
      case S_IFSOCK -> "a socket";
      case S_IFCHR, S_IFBLK -> "a device";
      case S_IFDIR -> "a directory";
      default -> null;
    };
    if (kind != null) {
      throw new UntrustedFileException(file + " is " + kind + " owned by " + user(file, uid)
          + ", not a regular file; mailstat did not open it (remove it, or keep mailstat's files in a"
          + " directory only mailstat can write, like /var/lib/mailstat)");
    }
    if (uid != 0 && uid != OWN_UID && uid != directoryOwner(file)) {
      throw new UntrustedFileException(file + " is owned by " + user(file, uid) + ", not by root, by this"
          + " process's user or by the directory's owner; mailstat neither reads nor replaces it (remove"
          + " it, or keep mailstat's files in a directory only mailstat can write, like /var/lib/mailstat)");
    }
  }

  /** The file's content, or empty if it does not exist; at most {@code maxBytes}. */
  static Optional<byte[]> read(Path file, int maxBytes) throws IOException {
    check(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (ch.read(buf) >= 0) {
        content.write(buf.array(), 0, buf.position());
        buf.clear();
        if (content.size() > maxBytes) {
          throw new IOException(file + " is larger than " + maxBytes + " bytes; mailstat did not read it");
        }
      }
      return Optional.of(content.toByteArray());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  static Optional<String> readString(Path file, int maxBytes) throws IOException {
    Optional<byte[]> bytes = read(file, maxBytes);
    return bytes.map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** Opens (creating it if absent) a file that is only ever locked, never replaced. */
  static FileChannel openForLocking(Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      } catch (FileAlreadyExistsException e) {
        check(file);
      }
      try {
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static long directoryOwner(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    try {
      return ((Integer) Files.getAttribute(dir, "unix:uid")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }

  private static String linkTarget(Path file) {
    try {
      return " (to " + Files.readSymbolicLink(file) + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static String user(Path file, long uid) {
    try {
      String name = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
      return name.equals(Long.toString(uid)) ? "uid " + uid : "uid " + uid + " (" + name + ")";
    } catch (IOException e) {
      return "uid " + uid;
    }
  }
}
