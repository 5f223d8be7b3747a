; Inno Setup script: a per-user install of the PyInstaller folder (dist\qcode), no administrator
; rights needed. Build on Windows after `pyinstaller packaging\qcode.spec`:
;     iscc /DVersion=0.1.0 packaging\windows\qcode.iss      -> dist\qcode-0.1.0-setup.exe
; The CI workflow passes the version read from qcode/__init__.py.

#ifndef Version
  #define Version "0.1.0"
#endif
#define AppName "qcode"
#define ProgId "qcode.project"

[Setup]
AppId={{6D0B8E3E-6E0C-4C55-9E51-1A7C1A6C0DE1}
AppName={#AppName}
AppVersion={#Version}
AppVerName={#AppName} {#Version}
AppPublisher=The qcode developers
; per user: installs into %LOCALAPPDATA%\Programs\qcode, registry under HKCU
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\qcode.exe
UninstallDisplayName={#AppName} {#Version}
ChangesAssociations=yes
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=qcode-{#Version}-setup
SetupIconFile=packaging\icons\qcode.ico
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "dist\qcode\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\qcode.exe"; Comment: "Qualitative coding of interview transcripts"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\qcode.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; .qcode files open in qcode (HKA = HKCU for a per-user install); removed on uninstall
Root: HKA; Subkey: "Software\Classes\.qcode"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.qcode"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-qcode-project"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "qcode project"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\qcode.exe,0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\qcode.exe"" gui ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\qcode.exe\SupportedTypes"; ValueType: string; ValueName: ".qcode"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\qcode.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; the bundle only: projects, settings and search indexes beside projects are the user's
Type: filesandordirs; Name: "{app}\_internal"
