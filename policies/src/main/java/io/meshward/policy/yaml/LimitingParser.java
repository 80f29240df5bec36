package io.meshward.policy.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * Passes parser events to the composer while counting documents and nesting. The composer builds nodes recursively,
 * one stack frame per level; stopping at the event that goes one level too deep is what keeps {@code [[[[...} from
 * overflowing the stack. It also remembers where each document starts, for errors about a whole document.
 */
final class LimitingParser implements Parser {
  private final Parser delegate;
  private final Limits limits;
  private final List<Optional<Mark>> documentStarts = new ArrayList<>();
  private int depth;
  private int documentsEnded;

  LimitingParser(Parser delegate, Limits limits) {
    this.delegate = delegate;
    this.limits = limits;
  }

  @Override
  public boolean checkEvent(Event.ID id) {
    return delegate.checkEvent(id);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public Event next() {
    Event event = delegate.next();
    switch (event.getEventId()) {
      case DocumentStart -> {
        if (documentStarts.size() == limits.maxDocuments()) {
          throw new LimitExceededException("too many documents: at most " + limits.maxDocuments()
              + " are accepted in one text", event.getStartMark());
        }
        documentStarts.add(event.getStartMark());
        depth = 0;
      }
      case DocumentEnd -> documentsEnded++;
      case MappingStart, SequenceStart -> {
        if (++depth > limits.maxNestingDepth()) {
          throw new LimitExceededException("lists and mappings are nested too deeply: at most "
              + limits.maxNestingDepth() + " levels are accepted", event.getStartMark());
        }
      }
      case MappingEnd, SequenceEnd -> depth--;
      default -> {
        // scalars, aliases and stream events change neither count
      }
    }
    return event;
  }

  /** The 1-based document the parser is in, or is about to start when it is between documents. */
  int currentDocument() {
    return documentStarts.size() > documentsEnded ? documentStarts.size() : documentsEnded + 1;
  }

  /** Where the 1-based document {@code index} starts. */
  Optional<Mark> documentStart(int index) {
    return index >= 1 && index <= documentStarts.size() ? documentStarts.get(index - 1) : Optional.empty();
  }
}
