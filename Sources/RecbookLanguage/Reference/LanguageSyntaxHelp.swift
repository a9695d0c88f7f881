/// `recbook help language`: the notebook syntax on one screen (docs/language.md has it all).
extension LanguageReference {
    public static let languageTopic = "language"

    public static var syntaxHelp: String {
        """
        A notebook is a Markdown file. Fenced blocks tagged `recbook` are cells of statements;
        everything else is prose. docs/language.md is the full reference.

        Front matter (YAML, optional):
          ---
          title: Adversarial training
          seed: 42                      # every random choice derives from it (--seed overrides)
          params:                       # named values, used as $name, set with --set name=value
            epochs: 5
            epsilons: sweep[0.1, 0.5, 1]
          ---

        Statements, one per line (`\\` at the end of a line continues it; `#` starts a comment):
          name = command subject… option=value…     bind a value (values are immutable)
          command subject… option=value…            show a command's result
          name                                      show a bound value

        Literals: 5  0.05  1e-3  "text"  true  [10, 100]  word  $param
        Families: option=sweep[a, b, …] runs a statement per value (an axis named after the option);
          seeds=N repeats it over N seeds (axis `seed`); downstream statements keep the axes;
          name[axis=value, …] reads one element.
        Output: output=full | summary | none on any statement.

        Cell options, at the top of a cell:  #| name: The robustness curve
        Citations in prose, resolved before the run:
          `= clean.hr@100`   `= hit.hr@100 vs clean`   `= apr.hr@100 - bpr | ci`

        Commands: recbook help COMMAND (recbook help for the list).
        """
    }
}
