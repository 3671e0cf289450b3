package xxftp.domain.tree;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class ProblemLogTest {

    private final Logger log = mock(Logger.class);
    private final ProblemLog problems = new ProblemLog(log);

    @Test
    void eachProblemIsLoggedOnceUntilItWorksAgain() {
        problems.problem("Mount a", "unreachable");
        problems.problem("Mount a", "unreachable");
        problems.problem("Mount a", "other reason");
        problems.problem("Mount b", "unreachable");
        verify(log).warn("{}: {}", "Mount a", "unreachable");
        verify(log).warn("{}: {}", "Mount a", "other reason");
        verify(log).warn("{}: {}", "Mount b", "unreachable");

        problems.works("Mount a");
        problems.works("Mount a");
        verify(log, times(1)).info("{}: works again", "Mount a");

        problems.problem("Mount a", "unreachable");
        problems.problem("Mount b", "unreachable");
        verify(log, times(2)).warn("{}: {}", "Mount a", "unreachable");
        verify(log, times(1)).warn("{}: {}", "Mount b", "unreachable");
        verifyNoMoreInteractions(log);
    }

    @Test
    void whatNeverFailedIsNotLoggedAsWorking() {
        problems.works("Mount c");
        verifyNoMoreInteractions(log);
    }
}
