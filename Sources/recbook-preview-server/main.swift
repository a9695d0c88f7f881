import RecbookPreviewServer

PreviewServerProgram.main(arguments: CommandLine.arguments)
