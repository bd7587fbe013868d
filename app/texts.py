"""What the bot says outside the interview itself: one place for every such sentence."""

from __future__ import annotations

from dialogs.engine import HELP_TEXT as WORDS_HELP

WELCOME = (
    "您好！我是创文总结助手。我会一题一题地问您创建文明城市工作的情况，"
    "随时保存，最后生成一份符合公文格式的工作总结（Word 文档）。"
)
COMMANDS: list[tuple[str, str]] = [
    ("start", "开始，或继续上次的总结"),
    ("new", "新建一份总结"),
    ("resume", "继续填写当前总结"),
    ("drafts", "我的全部总结"),
    ("review", "查看已填写的内容"),
    ("draft", "现在生成总结草稿"),
    ("pdf", "生成 PDF 版"),
    ("layout", "选择总结版式"),
    ("genre", "选择文种（总结、汇报、自查报告……）"),
    ("pause", "暂停，答案已保存"),
    ("delete", "删除当前总结"),
    ("help", "使用说明"),
]
# The words the interview understands are the engine's own help (said once, there);
# the commands are listed from COMMANDS, so the menu and the help never disagree.
HELP = (
    "按提示逐题回答，能点按钮的直接点。\n\n"
    + WORDS_HELP
    + "\n\n去年或别处写好的总结，可以直接发 Word 文档（.docx）给我：读出的内容先请您核对，点「用这份」才会用。"
    + "\n\n命令：\n"
    + "\n".join(f"/{name} — {text}" for name, text in COMMANDS)
)
NO_DRAFT = "您还没有进行中的总结。发送 /new 新建一份。"
START_FROM_PROMPT = (
    "您以前写过总结，可以从其中一份接着写：单位、机构、常态化机制这些会按部分拿出来请您核对"
    "（没变、改一下、今年没有），数字不沿用、问到时请填今年的，去年的打算和问题会逐条问今年落实得怎样。"
    "从头写的话，直接回答下面的问题。"
)
START_FROM_BUTTON = "从「{title}」接着写"
FROM_DRAFT = "由{title}的草稿接续"
FROM_IMPORTED = "由导入的文件 {name} 接续"
RESUME_OR_NEW = "您有一份没填完的总结：{title}。接着填，还是新建一份？"
STALE_BUTTON = "这个按钮已失效，没有做任何改动。"
STALE_DRAFT = "这个按钮属于另一份或已删除的总结，已失效，没有做任何改动。"
SWITCHED = "已为您切换到另一份总结「{title}」。"
NOT_APPLIED = "刚才发送的内容没有记入任何总结，请对照下面的问题重新回答。"
TOO_MANY_DRAFTS = "您已有 {count} 份总结，达到上限。请先用 /drafts 打开不用的那份，再发送 /delete 删除，然后再新建。"
DRAFTS_HEADER = "您的总结（共 {count} 份{page}）："
DRAFTS_FOOTER = "点下面的按钮切换到那一份。"
LAYOUT_PROMPT = "当前版式：{layout}。换版式不用重新回答，点选即可："
LAYOUT_SET = "已改为「{layout}」版式。发送 /draft 即可查看。"
GENRE_PROMPT = "当前文种：{genre}。换文种不用重新回答，标题、开头和结尾会跟着改："
GENRE_SET = "已改为「{genre}」。发送 /draft 即可查看。"
DELETE_PROMPT = "确定删除「{title}」这份总结吗？删除后无法恢复。"
DELETED = "已删除。发送 /new 新建，或 /drafts 查看其他总结。"
CANCELLED = "已取消"
MISSING = "还有 {count} 项必填内容没有填写：{labels}。标题、开头和落款里缺的地方已用【待补充】标出。发送 /resume 继续填写。"
NO_PDF_TOOL = "服务器暂未安装 PDF 转换组件，请使用 /draft 获取 Word 文档。"
PDF_FLOODED = (
    "您一下子发来的消息太多了。前面的我会逐条处理，之后的这些没有处理，也没有记录。"
    "请等我回复后，再把没处理的内容重新发送。"
)
FAILED = "PDF 暂时没能生成，请稍后再试，或使用 /draft 获取 Word 文档。"
PAGE_CAPTION = "第 {number} 页预览"
NOT_ALLOWED = "抱歉，您暂时没有使用本助手的权限。如需开通，请联系管理员。"
NON_TEXT = "请直接输入文字回答。贴纸、图片和语音暂时无法识别；往年的总结可以发 Word 文档（.docx）给我。"
# An earlier summary sent as a .docx (app.imports).
UNNAMED_FILE = "未命名文件"
IMPORT_HOW = "请写上文件的路径，例如：/import 2025年创文工作总结.docx"
IMPORT_UNREADABLE = "打不开文件 {path}：{why}"
IMPORT_READ = "我从「{name}」里读到了这些{about}："
IMPORT_UNSORTED = "其他内容"
IMPORT_FIGURES = "，其中数字 {count} 个"
IMPORT_ASK = (
    "请核对：用这份作为新总结的起点吗？点「用这份」会新建一份总结，逐部分请您确认"
    "（没变 / 改一下 / 今年没有），数字不照搬、今年重新问；点「不用」什么也不改。"
)
IMPORT_USE = "用这份"
IMPORT_DROP = "不用"
IMPORT_DROPPED = "好的，这份文件没有用，什么也没有改。"
IMPORT_EXPIRED = "这份文件的核对已经失效（机器人重启过，或又收到了新的文件），什么也没有改。需要的话请重新发送文件。"
IMPORT_NOTHING = "这份文件里没有读到分部分的工作内容（一、二、……或（一）（二）……的小标题下的段落），什么也没有改。请发一份有小标题的总结。"
EDITED = "您修改了已发送的消息，但答案以第一次发送的为准。要修改答案，请发送「查看」，再回复「修改 N」。"
FLOODED = (
    "您一下子发来的消息太多了。前面的我会逐条处理，之后的这些没有处理，也没有记录。"
    "请等我回复后，再把没处理的内容重新发送。"
)
FAILED = "抱歉，刚才出了点问题。您已填写的内容都已保存，请再试一次。"
GROUP_HINT = "在群里我不填写、也不展示任何总结。填写总结请私聊我。"
NOT_YOURS = "这个按钮不是发给您的。"
TOO_LONG = (
    "这条消息太长，超过了 Telegram 单条消息的长度上限，被拆成了几段。为避免记错，这几段都没有记录。"
    "请分成几条较短的消息发送（每条 4000 字以内）。"
)
PREVIEW_QUEUED = "现在生成页面预览的人较多，您前面还有 {ahead} 份在排队。Word 文档先发给您，页面预览图稍后发来。"
PREVIEW_BUSY = "现在生成页面预览的人太多，这次先只发 Word 文档；过一会儿再发送 /draft 可以看到页面预览图。"
PREVIEW_FAILED = "页面预览图这次没能生成，Word 文档不受影响。"
PDF_QUEUED = "现在转换 PDF 的人较多，您前面还有 {ahead} 份在排队，PDF 稍后发来。"
PDF_BUSY = "现在转换 PDF 的人太多，请过一会儿再发送 /pdf；Word 文档可以随时用 /draft 获取。"
DISK_FULL = "磁盘已满"
EXPORT_NOT_WRITTEN = "没能写出 {path}：{why}。您的回答都已保存，腾出空间（或换一个目录）后再输入「生成」即可。"
