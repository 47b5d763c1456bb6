//===- MlirText.cpp - checks on MLIR text before it is parsed -------------===//
#include "frontends/MlirText.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include "llvm/ADT/StringMap.h"

#include <cctype>

using namespace mlir;

namespace sslc {
namespace {

int bracketKind(char c) {
  switch (c) {
  case '(':
  case ')':
    return 0;
  case '[':
  case ']':
    return 1;
  case '{':
  case '}':
    return 2;
  default:
    return 3;
  }
}

bool isIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         c == '.';
}

/// Whether the `<` at `i` opens the body of an affine map or integer set.
bool opensAffineBody(StringRef text, size_t i) {
  StringRef before = text.take_front(i).rtrim(" \t\r\n");
  for (StringRef keyword : {"affine_map", "affine_set"})
    if (before.ends_with(keyword) &&
        (before.size() == keyword.size() ||
         !isIdentifierChar(before[before.size() - keyword.size() - 1])))
      return true;
  return false;
}

/// One open bracket.
struct Level {
  char bracket;
  /// Inside an affine map or integer set, where + and - recurse too.
  bool affine;
  /// The + and - at this level since its last comma.
  size_t chain;
};

} // namespace

LogicalResult checkMlirNesting(MLIRContext *ctx, StringRef text,
                               StringRef name) {
  // The open brackets, innermost last, never more than the limit, and how
  // many of each kind are open, so that a closer that matches nothing open
  // is skipped in constant time.
  Level stack[kMaxMlirNesting];
  size_t size = 0, openCount[4] = {0, 0, 0, 0};
  // Levels open: brackets plus the chains of affine operators in them.
  size_t depth = 0;
  size_t tooDeepAt = StringRef::npos, deepest = 0;
  // An alias (`#a = [...]`, `!t = tuple<...>`) nests as deep as its body
  // wherever it is named: a chain of aliases each naming the last builds
  // IR as deep as the chain with no deep text. The alias being defined
  // takes the deepest level seen until the next definition (the last one
  // also what follows it: more than its body, never less).
  llvm::StringMap<size_t> aliasDepth;
  size_t *aliasDeepest = nullptr;
  auto seen = [&](size_t levels) {
    if (aliasDeepest)
      *aliasDeepest = std::max(*aliasDeepest, levels);
  };
  const size_t n = text.size();
  size_t i = 0;
  // `levels` deep at `i`, with `open` of them still open after it.
  size_t stillOpen = 0;
  auto tooDeep = [&](size_t levels, size_t open) {
    tooDeepAt = i;
    deepest = levels;
    stillOpen = open;
  };
  // Skips a string literal or a comment starting at `i`; true if it did.
  auto skipStringOrComment = [&]() {
    if (text[i] == '"') {
      // A string ends at the next unescaped quote or at the end of the
      // line (where the parser reports it unterminated).
      for (++i; i < n && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      return true;
    }
    if (text[i] == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n')
        ++i;
      return true;
    }
    return false;
  };
  for (; i < n && tooDeepAt == StringRef::npos; ++i) {
    if (skipStringOrComment())
      continue;
    char c = text[i];
    bool affine = size && stack[size - 1].affine;
    switch (c) {
    case '-':
      // `->` is one token, not a closing angle bracket.
      if (i + 1 < n && text[i + 1] == '>') {
        ++i;
        break;
      }
      [[fallthrough]];
    case '+':
      // MLIR's affine parser recurses once per + or - in a chain.
      if (!affine)
        break;
      if (depth == kMaxMlirNesting) {
        tooDeep(depth + 1, depth + 1);
        break;
      }
      ++stack[size - 1].chain;
      seen(++depth);
      break;
    case '#':
    case '!': {
      size_t end = i + 1;
      while (end < n && isIdentifierChar(text[end]))
        ++end;
      StringRef name = text.slice(i + 1, end);
      if (name.empty())
        break;
      StringRef rest = text.drop_front(end).ltrim(" \t\r\n");
      if (!size && rest.starts_with("=") && !rest.starts_with("==")) {
        aliasDeepest = &aliasDepth[name];
        *aliasDeepest = 0;
      } else if (auto it = aliasDepth.find(name); it != aliasDepth.end()) {
        if (depth + it->second > kMaxMlirNesting) {
          tooDeep(depth + it->second, depth);
          break;
        }
        seen(depth + it->second);
      }
      i = end - 1;
      break;
    }
    case ',':
      if (affine) {
        depth -= stack[size - 1].chain;
        stack[size - 1].chain = 0;
      }
      break;
    case '(':
    case '[':
    case '{':
    case '<':
      if (depth == kMaxMlirNesting) {
        tooDeep(depth + 1, depth + 1);
        break;
      }
      stack[size++] = {c, affine || (c == '<' && opensAffineBody(text, i)), 0};
      ++openCount[bracketKind(c)];
      seen(++depth);
      break;
    case '>':
      // Outside `< >` this is a comparison (`>=` in an integer set).
      if (size && stack[size - 1].bracket == '<') {
        depth -= 1 + stack[--size].chain;
        --openCount[3];
      }
      break;
    case ')':
    case ']':
    case '}':
      // A closer pops back to its opener; `<` left open inside (a `<=`)
      // goes with it. One that matches nothing open is the parser's error.
      if (openCount[bracketKind(c)] == 0)
        break;
      for (;;) {
        Level top = stack[--size];
        depth -= 1 + top.chain;
        --openCount[bracketKind(top.bracket)];
        if (bracketKind(top.bracket) == bracketKind(c))
          break;
      }
      break;
    default:
      break;
    }
  }
  if (tooDeepAt == StringRef::npos)
    return success();
  // How deep the text goes, for the message: brackets alone from here on.
  size_t level = stillOpen;
  for (; i < n; ++i) {
    if (skipStringOrComment())
      continue;
    switch (text[i]) {
    case '-':
      if (i + 1 < n && text[i + 1] == '>')
        ++i;
      break;
    case '(':
    case '[':
    case '{':
    case '<':
      deepest = std::max(deepest, ++level);
      break;
    case ')':
    case ']':
    case '}':
    case '>':
      if (level)
        --level;
      break;
    default:
      break;
    }
  }
  StringRef before = text.take_front(tooDeepAt);
  unsigned line = 1 + static_cast<unsigned>(before.count('\n'));
  size_t lineStart = before.rfind('\n');
  unsigned column = static_cast<unsigned>(
      tooDeepAt - (lineStart == StringRef::npos ? 0 : lineStart + 1) + 1);
  return emitError(FileLineColLoc::get(ctx, name, line, column))
         << "nested " << deepest << " levels deep, more than the limit of "
         << kMaxMlirNesting
         << " (counting brackets ( [ { <, the levels of the aliases named "
            "and the + and - of affine expressions)";
}

} // namespace sslc
