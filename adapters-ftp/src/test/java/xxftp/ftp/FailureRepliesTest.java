package xxftp.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import xxftp.domain.model.Failure;

class FailureRepliesTest {

    private static final String DETAIL = "/alice/secret.txt: java.nio.file.AccessDeniedException at LocalStorage";

    /** Every failure the domain has, with the exact reply it becomes. */
    static Stream<Arguments> everyFailure() {
        IOException cause = new IOException("Connection reset by s3.example.com");
        return Stream.of(
                Arguments.of(new Failure.NotFound(DETAIL), "550 No such file or directory.\r\n"),
                Arguments.of(new Failure.AlreadyExists(DETAIL), "550 File exists.\r\n"),
                Arguments.of(new Failure.AccessDenied(DETAIL), "550 Permission denied.\r\n"),
                Arguments.of(new Failure.QuotaExceeded(DETAIL), "552 Quota exceeded.\r\n"),
                Arguments.of(new Failure.NotEmpty(DETAIL), "550 Directory not empty.\r\n"),
                Arguments.of(new Failure.MountPointProtected(DETAIL), "550 A mount point can't be changed.\r\n"),
                Arguments.of(new Failure.NotADirectory(DETAIL), "550 Not a directory.\r\n"),
                Arguments.of(new Failure.NotAFile(DETAIL), "550 Not a plain file.\r\n"),
                Arguments.of(new Failure.InvalidName(DETAIL), "553 File name not allowed.\r\n"),
                Arguments.of(new Failure.CrossStorage(DETAIL), "553 Can't move between different storages.\r\n"),
                Arguments.of(new Failure.ChangedMeanwhile(DETAIL), "450 File changed meanwhile; nothing was written, try again.\r\n"),
                Arguments.of(new Failure.StorageDenied(DETAIL, cause), "550 Permission denied by the storage.\r\n"),
                Arguments.of(new Failure.Busy(DETAIL), "421 Too busy right now; try again later.\r\n"),
                Arguments.of(new Failure.StorageUnavailable(DETAIL, cause), "451 Storage unavailable; try again later.\r\n"));
    }

    @ParameterizedTest
    @MethodSource("everyFailure")
    void eachFailureHasItsReplyAndNoDetail(Failure failure, String reply) {
        assertThat(FailureReplies.of(failure).format()).isEqualTo(reply);
    }

    @Test
    void theTableAboveCoversEveryFailure() {
        List<Class<?>> tabled = everyFailure().<Class<?>>map(arguments -> arguments.get()[0].getClass()).toList();
        assertThat(tabled).containsExactlyInAnyOrder(Failure.class.getPermittedSubclasses());
    }
}
